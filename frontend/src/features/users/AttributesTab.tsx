import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Space, Typography } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { toInput, userApi, type User } from './api';
import type { UserEditTabProps } from './userTab';

interface Row {
  key: string;
  /** Several values of one attribute, separated by commas. */
  values: string;
}

/** Custom attributes as key / values rows; values of a multi-valued attribute are comma-separated. */
export function AttributesTab({ realm, id, user, onSaved }: UserEditTabProps) {
  const readOnly = useReadOnly();
  const [form] = Form.useForm<{ rows: Row[] }>();
  const save = useSubmit(async ({ rows }: { rows: Row[] }) => {
    const attributes: Record<string, string[]> = {};
    for (const r of rows ?? []) {
      const key = r.key?.trim();
      if (!key) continue;
      attributes[key] = (r.values ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    }
    const fresh = await userApi.save(realm, id, { ...toInput(user), attributes });
    onSaved(fresh);
    form.setFieldsValue({ rows: rowsOf(fresh) });
    notify.success(`Attributes of “${user.username}” saved`);
  });

  return (
    <Card style={{ maxWidth: 720 }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="Attributes that the realm's user profile does not declare are kept only when the realm lets admins edit unmanaged attributes (realm settings)."
      />
      <ErrorAlert error={save.error} />
      <Form form={form} initialValues={{ rows: rowsOf(user) }} onFinish={(v) => void save.run(v)} disabled={readOnly}>
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <>
              {fields.length === 0 && (
                <Typography.Paragraph type="secondary">
                  {readOnly
                    ? 'No attributes.'
                    : 'No attributes. Add one to store custom data on this user (e.g. department).'}
                </Typography.Paragraph>
              )}
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item
                    name={[field.name, 'key']}
                    rules={[{ required: true, whitespace: true, message: 'Name it.' }]}
                  >
                    <Input placeholder="Name" aria-label="Attribute name" style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'values']} style={{ flex: 1 }}>
                    <Input placeholder="Value (several: comma-separated)" aria-label="Attribute value" />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label="Remove attribute"
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Space>
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ key: '', values: '' })}>
                  Add attribute
                </Button>
                <Button type="primary" htmlType="submit" loading={save.busy}>
                  Save
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

function rowsOf(u: User): Row[] {
  return Object.keys(u.attributes ?? {})
    .sort()
    .map((key) => ({ key, values: (u.attributes[key] ?? []).join(', ') }));
}
