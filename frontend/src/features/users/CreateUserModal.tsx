import { Form, Input } from 'antd';
import { FormModal } from '@/components/FormModal';
import { SwitchField } from '@/components/SwitchField';
import { notify } from '@/lib/notify';
import { userApi } from './api';
import { GroupSelect } from './GroupSelect';
import { ProfileFields } from './ProfileFields';

interface Values {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  enabled: boolean;
  emailVerified: boolean;
  password: string;
  temporaryPassword: boolean;
  groups?: string[];
}

export interface CreateUserModalProps {
  realm: string;
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}

export function CreateUserModal({ realm, open, onClose, onCreated }: CreateUserModalProps) {
  async function submit(v: Values) {
    const id = await userApi.create(
      realm,
      {
        username: v.username.trim(),
        email: v.email?.trim() ?? '',
        firstName: v.firstName?.trim() ?? '',
        lastName: v.lastName?.trim() ?? '',
        enabled: v.enabled,
        emailVerified: v.emailVerified,
        attributes: {},
        requiredActions: [],
      },
      v.password ?? '',
      v.temporaryPassword,
      v.groups ?? [],
    );
    notify.success(`User “${v.username.trim()}” created`);
    onCreated(id);
  }

  return (
    <FormModal<Values>
      open={open}
      title={`Create user in ${realm}`}
      okText="Create"
      initialValues={{ enabled: true, emailVerified: false, temporaryPassword: true }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        name="username"
        label="Username"
        rules={[{ required: true, whitespace: true, message: 'Give a username.' }]}
      >
        <Input autoFocus autoComplete="off" />
      </Form.Item>
      <ProfileFields />
      <Form.Item name="groups" label="Groups" extra="The user joins these groups on creation.">
        <GroupSelect realm={realm} valueKey="path" multiple aria-label="Groups" />
      </Form.Item>
      <Form.Item name="password" label="Initial password" extra="Leave empty to set one later.">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <SwitchField name="temporaryPassword" label="Temporary (must be changed at first login)" />
    </FormModal>
  );
}
