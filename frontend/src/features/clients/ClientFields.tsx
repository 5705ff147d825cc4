// Form sections of a client, shared by the create wizard and the settings
// form. They render Form.Items of ClientFormValues inside a parent <Form>.
import { Form, Input, Radio, Switch, Typography } from 'antd';
import { SwitchField } from '@/components/SwitchField';
import type { ClientFormValues } from './formState';

export function GeneralFields({ clientIdLocked = false }: { clientIdLocked?: boolean }) {
  return (
    <>
      <Form.Item<ClientFormValues>
        label="Client ID"
        name="clientId"
        extra="What applications send as client_id and what tokens carry as azp, e.g. “orders-api”."
        rules={[
          { required: true, whitespace: true, message: 'The client needs an id.' },
          { pattern: /^[^\s/\\]*$/, message: 'No spaces or slashes.' },
        ]}
      >
        <Input aria-label="Client ID" autoComplete="off" disabled={clientIdLocked} />
      </Form.Item>
      <Form.Item<ClientFormValues> label="Name" name="name">
        <Input aria-label="Client name" />
      </Form.Item>
      <Form.Item<ClientFormValues> label="Description" name="description">
        <Input.TextArea aria-label="Client description" autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      <SwitchField name="enabled" label="Enabled" />
    </>
  );
}

export function AccessFields() {
  const accessType = Form.useWatch<ClientFormValues['accessType']>('accessType');
  return (
    <>
      <Form.Item<ClientFormValues> label="Access type" name="accessType">
        <Radio.Group
          aria-label="Access type"
          options={[
            { value: 'confidential', label: 'Confidential: a server that keeps a secret' },
            { value: 'public', label: 'Public: a browser or mobile app, no secret' },
          ]}
        />
      </Form.Item>
      <SwitchField name="standardFlow" label="Standard flow" extra="Browser login with an authorization code." />
      <SwitchField
        name="directAccessGrants"
        label="Direct access grants"
        extra="The app sends a user's username and password itself (resource owner password). Handy for tests, risky elsewhere."
      />
      <Form.Item<ClientFormValues>
        label="Service account"
        name="serviceAccount"
        valuePropName="checked"
        extra={
          accessType === 'public'
            ? 'Only confidential clients can have a service account.'
            : 'The client logs in as itself with its secret (client credentials) and holds roles like a user.'
        }
      >
        <Switch aria-label="Service account" disabled={accessType === 'public'} />
      </Form.Item>
    </>
  );
}

export function UrlFields() {
  return (
    <>
      <Form.Item<ClientFormValues>
        label="Root URL"
        name="rootUrl"
        extra="Relative redirect URIs (“/callback”) are resolved against it."
      >
        <Input aria-label="Root URL" placeholder="https://app.example.com" />
      </Form.Item>
      <Form.Item<ClientFormValues>
        label="Redirect URIs"
        name="redirectUris"
        extra={
          <>
            One per line. A trailing <Typography.Text code>*</Typography.Text> matches any path below it.
          </>
        }
      >
        <Input.TextArea
          aria-label="Redirect URIs"
          autoSize={{ minRows: 2, maxRows: 8 }}
          placeholder="https://app.example.com/*"
        />
      </Form.Item>
      <Form.Item<ClientFormValues>
        label="Web origins"
        name="webOrigins"
        extra={
          <>
            One per line, for CORS. <Typography.Text code>+</Typography.Text> allows the origins of the redirect URIs.
          </>
        }
      >
        <Input.TextArea aria-label="Web origins" autoSize={{ minRows: 1, maxRows: 6 }} />
      </Form.Item>
    </>
  );
}
