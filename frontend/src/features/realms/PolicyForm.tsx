import { Button, Card, Form, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';

export interface PolicyFormProps<V> {
  title: string;
  /** The form's values as loaded; the form resets to them whenever they change. */
  initial: V;
  readOnly: boolean;
  /** Writes the values; a rejection is shown above the form, which keeps the user's edits. */
  save: (values: V) => Promise<unknown>;
  /** Called after a successful save, to reload what the page shows. */
  onSaved: () => void;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** One settings tab of the realm page: a form with its own Save, error and success message. */
export function PolicyForm<V extends object>({
  title,
  initial,
  readOnly,
  save,
  onSaved,
  children,
}: PolicyFormProps<V>) {
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
  }, [initial, form]);

  async function submit(values: V) {
    setSaving(true);
    setError(undefined);
    try {
      await save(values);
      notify.success(`${title} saved`);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={title} style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} disabled={readOnly}>
        {typeof children === 'function' ? children(form) : children}
        <Button type="primary" htmlType="submit" loading={saving}>
          Save
        </Button>
      </Form>
    </Card>
  );
}
