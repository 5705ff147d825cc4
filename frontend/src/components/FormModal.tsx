import { Form, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useSubmit } from '@/lib/useSubmit';
import { ErrorAlert } from './ErrorAlert';

export interface FormModalProps<V> {
  open: boolean;
  title: ReactNode;
  okText: string;
  /** The form's values when it opens. */
  initialValues?: Partial<V>;
  /**
   * Does the work with the validated values. While it runs OK spins and Cancel does nothing; a rejection is
   * shown in the dialog, which keeps the user's input. After a success the fields reset.
   */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  /** The caller's form instance, when it reads or sets fields itself. */
  form?: FormInstance<V>;
  /** The Form.Items; or a function of the form, for fields that depend on others. */
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/** A dialog around one vertical antd Form: OK submits it, its failure shows in place. */
export function FormModal<V extends object>({
  open,
  title,
  okText,
  initialValues,
  onSubmit,
  onClose,
  form: given,
  children,
}: FormModalProps<V>) {
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const { busy, error, run } = useSubmit(onSubmit);

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={async (values) => {
          if (await run(values)) form.resetFields();
        }}
      >
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}
