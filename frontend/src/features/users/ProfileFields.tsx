import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { SwitchField } from '@/components/SwitchField';

/**
 * The user's profile fields as both the create dialog and the details tab edit them: email, names,
 * and the enabled and email-verified switches (side by side when `switches` wraps them).
 */
export function ProfileFields({ switches = (s) => s }: { switches?: (items: ReactNode) => ReactNode }) {
  return (
    <>
      <Form.Item name="email" label="Email" rules={[{ type: 'email', message: 'This is not an email address.' }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="firstName" label="First name">
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="lastName" label="Last name">
        <Input autoComplete="off" />
      </Form.Item>
      {switches(
        <>
          <SwitchField name="enabled" label="Enabled" />
          <SwitchField name="emailVerified" label="Email verified" />
        </>,
      )}
    </>
  );
}
