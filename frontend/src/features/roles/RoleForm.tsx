import { Button, Flex, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import type { RoleInput } from './api';

export interface RoleFormProps {
  initial: RoleInput;
  submitText: string;
  readOnly: boolean;
  /** Saves; a rejection is shown above the form. */
  onSubmit: (input: RoleInput) => Promise<unknown>;
  /** Shown under the name, e.g. what a rename means for routes. */
  nameHelp?: string;
  /** In a dialog: a Cancel button next to the submit button. */
  onCancel?: () => void;
}

/** Name and description of a role, for creating and editing. */
export function RoleForm({ initial, submitText, readOnly, onSubmit, nameHelp, onCancel }: RoleFormProps) {
  const [form] = Form.useForm<RoleInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    form.setFieldsValue(initial);
  }, [form, initial]);

  async function submit(values: RoleInput) {
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ name: values.name.trim(), description: values.description?.trim() ?? '' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form<RoleInput> form={form} layout="vertical" initialValues={initial} onFinish={submit} disabled={readOnly}>
      <ErrorAlert error={error} />
      <Form.Item
        label="Name"
        name="name"
        extra={nameHelp}
        rules={[
          { required: true, whitespace: true, message: 'The role needs a name.' },
          { pattern: /^[^/\\]*$/, message: 'A role name cannot contain a slash.' },
        ]}
      >
        <Input aria-label="Role name" autoComplete="off" />
      </Form.Item>
      <Form.Item label="Description" name="description">
        <Input.TextArea aria-label="Role description" autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      {onCancel ? (
        <Flex justify="end" gap={8}>
          <Button disabled={false} onClick={onCancel}>
            Cancel
          </Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {submitText}
          </Button>
        </Flex>
      ) : (
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitText}
        </Button>
      )}
    </Form>
  );
}
