import { Form, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { SubmitModal } from './SubmitModal';

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

/** A SubmitModal around one vertical antd Form: OK validates it, then submits the values. */
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

  async function submit() {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      // The form shows what is missing under each field; nothing is sent.
      return;
    }
    await onSubmit(values);
    form.resetFields();
  }

  return (
    <SubmitModal open={open} title={title} okText={okText} canSubmit onSubmit={submit} onClose={onClose}>
      <Form<V> form={form} layout="vertical" initialValues={initialValues}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </SubmitModal>
  );
}
