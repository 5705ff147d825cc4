import { Form, Input } from 'antd';
import { FormModal } from '@/components/FormModal';
import { SwitchField } from '@/components/SwitchField';
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
  return (
    <FormModal<Values>
      open={open}
      title="Create realm"
      okText="Create"
      initialValues={{ enabled: true, displayName: '' }}
      onSubmit={async (values) => {
        await realmApi.create(values.name.trim(), values.displayName?.trim() ?? '', values.enabled);
        onCreated(values.name.trim());
      }}
      onClose={onClose}
    >
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
      <SwitchField name="enabled" label="Enabled" />
    </FormModal>
  );
}
