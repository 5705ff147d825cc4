import { ApiOutlined } from '@ant-design/icons';
import { Button, ColorPicker, Drawer, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { SwitchField } from '@/components/SwitchField';
import { useDiscardGuard } from '@/components/useDiscardGuard';
import { toAppError } from '@/lib/errors';
import { allValues, fieldValue } from '@/lib/form';
import { useSubmit } from '@/lib/useSubmit';
import {
  failedConnection,
  kinds,
  profilesApi,
  secretStoreLabel,
  type ConnectionResult,
  type Kind,
  type Profile,
} from './api';
import { ConnectionResultView } from './ConnectionResultView';
import {
  defaultColors,
  fieldProblems,
  formFields,
  isFormField,
  toFormValues,
  toInput,
  type FormValues,
} from './formState';

export interface ProfileFormProps {
  open: boolean;
  /** The profile to edit; undefined creates a new one. */
  profile?: Profile;
  onClose: () => void;
  onSaved: (p: Profile) => void;
}

/**
 * Create or edit a profile. Go validates (every problem at once) and each
 * message is put under its field; the secret is write-only: it is never
 * shown, and left empty on edit it stays as stored.
 */
export function ProfileForm({ open, profile, onClose, onSaved }: ProfileFormProps) {
  const [form] = Form.useForm<FormValues>();
  const [test, setTest] = useState<ConnectionResult | undefined>(undefined);
  const authMethod = Form.useWatch('authMethod', form);
  const editing = profile !== undefined;
  const close = useDiscardGuard(form, onClose, editing ? `the profile “${profile.name}”` : 'the new profile');

  const save = useSubmit(async () => {
    const input = toInput(allValues(form));
    try {
      onSaved(editing ? await profilesApi.update(profile.id, input) : await profilesApi.create(input));
    } catch (err) {
      const e = toAppError(err);
      // Clear old messages, then put each new one under its field; only what no field holds is shown above the form.
      form.setFields(formFields.map((name) => ({ name, errors: [] })));
      if (!e.is('invalid_input')) throw e;
      const { fields, other } = fieldProblems(e);
      form.setFields(fields);
      if (other.length > 0 || fields.length === 0) throw e;
    }
  });
  const { clearError } = save;

  const testConnection = useSubmit(async () => {
    setTest(undefined);
    setTest(await profilesApi.testInput(profile?.id ?? 0, toInput(allValues(form))).catch(failedConnection));
  });

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toFormValues(profile));
      clearError();
      setTest(undefined);
    }
  }, [open, profile, form, clearError]);

  function onKindChange(kind: Kind) {
    // Follow the kind's colour until the user picks their own.
    const color = fieldValue(form, 'color') ?? '';
    if (Object.values(defaultColors).includes(color)) form.setFieldValue('color', defaultColors[kind]);
  }

  return (
    <Drawer
      open={open}
      onClose={() => void close()}
      size={520}
      title={editing ? `Edit profile “${profile.name}”` : 'New profile'}
      destroyOnHidden
      footer={
        <Flex justify="space-between">
          <Button
            icon={<ApiOutlined aria-hidden />}
            onClick={() => void testConnection.run()}
            loading={testConnection.busy}
          >
            Test connection
          </Button>
          <Flex gap={8}>
            <Button onClick={() => void close()}>Cancel</Button>
            <Button type="primary" onClick={() => void save.run()} loading={save.busy}>
              {editing ? 'Save' : 'Create profile'}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <ErrorAlert error={save.error} />
      <Form
        form={form}
        name="profile"
        layout="vertical"
        requiredMark={false}
        onFinish={() => void save.run()}
        // A problem from the last save belongs to the value it was about: editing the field clears it.
        onValuesChange={(changed: Partial<FormValues>) =>
          form.setFields(
            Object.keys(changed)
              .filter(isFormField)
              .map((name) => ({ name, errors: [] })),
          )
        }
        aria-label="Profile"
      >
        <Form.Item name="name" label="Name">
          <Input autoFocus maxLength={64} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="kind" label="Environment" style={{ flex: 1 }}>
            <Select
              aria-label="Environment"
              options={kinds.map((k) => ({ value: k, label: k }))}
              onChange={(k: Kind) => onKindChange(k)}
            />
          </Form.Item>
          <Form.Item
            name="color"
            label="Colour"
            getValueFromEvent={(c: { toHexString: () => string }) => c.toHexString()}
          >
            <ColorPicker format="hex" disabledAlpha showText aria-label="Colour" />
          </Form.Item>
        </Flex>
        <Form.Item name="keycloakUrl" label="Keycloak URL" extra="The base URL, e.g. https://keycloak.example.com">
          <Input placeholder="http://127.0.0.1:8180" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="adminRealm" label="Admin realm" style={{ flex: 1 }} extra="Realm the credentials belong to">
            <Input />
          </Form.Item>
          <Form.Item name="defaultRealm" label="Default realm" style={{ flex: 1 }} extra="Realm managed by default">
            <Input placeholder="demo" />
          </Form.Item>
        </Flex>
        <Form.Item name="authMethod" label="Log in with">
          <Radio.Group
            options={[
              { value: 'password', label: 'Admin user and password' },
              { value: 'client', label: 'Client id and secret' },
            ]}
          />
        </Form.Item>
        {/* Who logs in: a client's id or a user's name, each its own field (switching back finds it as it was). */}
        <Form.Item
          key={authMethod}
          name={authMethod === 'client' ? 'clientId' : 'username'}
          label={authMethod === 'client' ? 'Client id' : 'Username'}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="secret"
          label={authMethod === 'client' ? 'Client secret' : 'Password'}
          extra={
            editing
              ? `Leave empty to keep the stored secret (${secretStoreLabel(profile.secretStore).toLowerCase()}).`
              : 'Kept in the OS keychain, or encrypted on disk when there is none.'
          }
        >
          <Input.Password autoComplete="new-password" placeholder={editing ? 'unchanged' : ''} />
        </Form.Item>
        <SwitchField
          name="readOnly"
          label="Read-only"
          extra="Refuse every change to Keycloak and to this profile's routes."
        />
        <Form.Item name="notes" label="Notes">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
      {test && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
            Connection test (with the values above)
          </Typography.Text>
          <ConnectionResultView result={test} />
        </div>
      )}
    </Drawer>
  );
}
