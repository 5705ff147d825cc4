import { Form, Input, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { SwitchField } from '@/components/SwitchField';
import { fieldValue } from '@/lib/form';
import { realmApi, type SMTPSettings } from './api';
import { PolicyForm } from './PolicyForm';

export interface EmailTabProps {
  realm: string;
  smtp: SMTPSettings;
  onSaved: () => void;
}

/** The realm's mail server. The password is write-only: the tab says whether one is set, never what it is. */
export function EmailTab({ realm, smtp, onSaved }: EmailTabProps) {
  const initial = useMemo(() => ({ ...smtp, password: '', clearPassword: false }), [smtp]);
  return (
    <PolicyForm<SMTPSettings>
      title="Email"
      initial={initial}
      onSaved={onSaved}
      // Fields hidden while authentication is off are not in v: keep them as loaded.
      save={(v) => realmApi.updateSMTP(realm, { ...initial, ...v, password: v.password ?? '' })}
    >
      {(form) => (
        <>
          <Space size="large" wrap align="start">
            <Form.Item name="host" label="Host">
              <Input style={{ width: 280 }} placeholder="smtp.example.com" />
            </Form.Item>
            <Form.Item name="port" label="Port">
              <Input style={{ width: 100 }} placeholder="587" />
            </Form.Item>
          </Space>
          <Space size="large" wrap align="start">
            <Form.Item name="from" label="From">
              <Input style={{ width: 280 }} placeholder="noreply@example.com" />
            </Form.Item>
            <Form.Item name="fromDisplayName" label="From display name">
              <Input style={{ width: 240 }} />
            </Form.Item>
          </Space>
          <Form.Item name="replyTo" label="Reply to">
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Space size="large" wrap>
            <SwitchField name="starttls" label="StartTLS" />
            <SwitchField name="ssl" label="SSL" />
            <SwitchField name="auth" label="Authentication" />
          </Space>
          <Form.Item noStyle shouldUpdate>
            {() =>
              fieldValue(form, 'auth') && (
                <>
                  <Form.Item name="user" label="Username">
                    <Input style={{ width: 280 }} autoComplete="off" />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={
                      <Space size={6}>
                        Password
                        {smtp.passwordSet ? <Tag color="green">set</Tag> : <Tag>not set</Tag>}
                      </Space>
                    }
                    extra="Keycloak never shows the password back. Leave empty to keep it."
                  >
                    <Input.Password
                      style={{ width: 280 }}
                      autoComplete="new-password"
                      visibilityToggle={false}
                      disabled={fieldValue(form, 'clearPassword')}
                    />
                  </Form.Item>
                  {smtp.passwordSet && <SwitchField name="clearPassword" label="Remove the stored password" />}
                </>
              )
            }
          </Form.Item>
          <Typography.Paragraph type="secondary">
            Keycloak sends verification, reset and admin-requested mails through this server.
          </Typography.Paragraph>
        </>
      )}
    </PolicyForm>
  );
}
