import { Button, Card, Descriptions, Form, Select, Space, Typography } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import { toInput, userApi, type User } from './api';
import { ProfileFields } from './ProfileFields';
import type { UserEditTabProps } from './userTab';

interface Values {
  email: string;
  firstName: string;
  lastName: string;
  enabled: boolean;
  emailVerified: boolean;
  requiredActions: string[];
}

export function DetailsTab({ realm, id, user, onSaved }: UserEditTabProps) {
  const readOnly = useReadOnly();
  const [form] = Form.useForm<Values>();
  const actions = useLoader(() => userApi.requiredActions(realm), [realm]);
  const save = useSubmit(async (v: Values) => {
    const fresh = await userApi.save(realm, id, {
      ...toInput(user),
      email: v.email?.trim() ?? '',
      firstName: v.firstName?.trim() ?? '',
      lastName: v.lastName?.trim() ?? '',
      enabled: v.enabled,
      emailVerified: v.emailVerified,
      requiredActions: v.requiredActions ?? [],
      // Attributes are edited on their own tab: left out, they stay as they are.
      attributes: undefined,
    });
    onSaved(fresh);
    form.setFieldsValue(valuesOf(fresh));
    notify.success(`User “${user.username}” saved`);
  });

  return (
    <Card style={{ maxWidth: 720 }}>
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="Username">{user.username}</Descriptions.Item>
        <Descriptions.Item label="ID">
          <Typography.Text copyable={{ tooltips: ['Copy the id', 'Copied'] }}>{user.id}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="Created">
          {user.createdAt ? new Date(user.createdAt).toLocaleString() : '—'}
        </Descriptions.Item>
      </Descriptions>
      <ErrorAlert error={save.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={valuesOf(user)}
        onFinish={(v) => void save.run(v)}
        disabled={readOnly}
      >
        <ProfileFields switches={(s) => <Space size="large">{s}</Space>} />
        <Form.Item name="requiredActions" label="Required actions" extra="Asked of the user at the next login.">
          <Select
            mode="multiple"
            aria-label="Required actions"
            loading={actions.loading}
            options={(actions.data ?? [])
              .filter((a) => a.enabled)
              .map((a) => ({ value: a.alias, label: a.name || a.alias }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.busy}>
          Save
        </Button>
      </Form>
    </Card>
  );
}

function valuesOf(u: User): Values {
  return {
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    enabled: u.enabled,
    emailVerified: u.emailVerified,
    requiredActions: u.requiredActions ?? [],
  };
}
