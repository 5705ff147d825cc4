import { Form, Input, Modal, Switch } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { realmApi } from './api';

interface Values {
  name: string;
  displayName: string;
  enabled: boolean;
}

export interface CreateRealmModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (name: string) => void;
}

export function CreateRealmModal({ open, onClose, onCreated }: CreateRealmModalProps) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      await realmApi.create(values.name.trim(), values.displayName?.trim() ?? '', values.enabled);
      onCreated(values.name.trim());
      form.resetFields();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Create realm"
      okText="Create"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ enabled: true, displayName: '' }} onFinish={submit}>
        <Form.Item
          name="name"
          label="Name"
          extra="Part of every URL of the realm; it cannot be changed later."
          rules={[
            { required: true, whitespace: true, message: 'Give the realm a name.' },
            { pattern: /^[^\s/\\]+$/, message: 'No spaces or slashes.' },
          ]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="Display name">
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="enabled" label="Enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
