import { Button, Card, Form, type FormInstance } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useSubmit } from '@/lib/useSubmit';

export interface PolicyFormProps<V> {
  title: string;
  /** The form's values as loaded; the form resets to them whenever their content changes. */
  initial: V;
  /** Writes the values; a rejection is shown above the form, which keeps the user's edits. */
  save: (values: V) => Promise<unknown>;
  /** Called after a successful save, to reload what the page shows. */
  onSaved: () => void;
  /** The toast after a save; "<title> saved" by default. */
  success?: string;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** One settings tab of the realm page: a form with its own Save, error and success message. */
export function PolicyForm<V extends object>({ title, initial, save, onSaved, success, children }: PolicyFormProps<V>) {
  const readOnly = useReadOnly();
  const [form] = Form.useForm<V>();
  const submit = useSubmit(save, { success: success ?? `${title} saved` });

  // A save on any tab reloads the whole realm, which hands every tab new
  // objects with the same values: resetting on identity would throw away what
  // the user is typing in another tab while that reload is in flight.
  const shown = useRef<string | undefined>(undefined);
  useEffect(() => {
    const values = JSON.stringify(initial);
    if (values === shown.current) return;
    shown.current = values;
    form.resetFields();
    form.setFieldsValue(initial);
  }, [initial, form]);

  return (
    <Card title={title} style={{ maxWidth: 720 }}>
      <ErrorAlert error={submit.error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          if (await submit.run(values)) onSaved();
        }}
        disabled={readOnly}
      >
        {typeof children === 'function' ? children(form) : children}
        <Button type="primary" htmlType="submit" loading={submit.busy}>
          Save
        </Button>
      </Form>
    </Card>
  );
}
