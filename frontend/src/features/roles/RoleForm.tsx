import { Button, Flex, Form, Input } from 'antd';
import { useEffect } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useSubmit } from '@/lib/useSubmit';
import type { RoleInput } from './api';

export interface RoleFormProps {
  initial: RoleInput;
  submitText: string;
  /** Saves; a rejection is shown above the form. */
  onSubmit: (input: RoleInput) => Promise<unknown>;
  /** Shown under the name, e.g. what a rename means for routes. */
  nameHelp?: string;
  /** In a dialog: a Cancel button next to the submit button. */
  onCancel?: () => void;
}

/** Name and description of a role, for creating and editing. */
export function RoleForm({ initial, submitText, onSubmit, nameHelp, onCancel }: RoleFormProps) {
  const readOnly = useReadOnly();
  const [form] = Form.useForm<RoleInput>();
  const { busy, error, run } = useSubmit((values: RoleInput) =>
    onSubmit({ name: values.name.trim(), description: values.description?.trim() ?? '' }),
  );

  useEffect(() => {
    form.setFieldsValue(initial);
  }, [form, initial]);

  return (
    <Form<RoleInput>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void run(v)}
      disabled={readOnly}
    >
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
