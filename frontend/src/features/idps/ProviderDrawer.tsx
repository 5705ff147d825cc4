import { SearchOutlined } from '@ant-design/icons';
import { Button, Divider, Drawer, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { fieldValue } from '@/lib/form';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { idpApi, isOIDC, providerTypes, type IdentityProvider } from './api';
import { emptyProvider, secretState, toFormValues, toInput, type ProviderFormValues } from './formState';
import { MappersPanel } from './MappersPanel';

export interface ProviderDrawerProps {
  realm: string;
  /** undefined: a new provider. */
  provider: IdentityProvider | undefined;
  onClose: () => void;
  onSaved: () => void;
}

const httpURL = { type: 'url' as const, message: 'An http(s) URL.' };

/** Add or edit an OIDC or SAML identity provider; other types edit their common fields only. */
export function ProviderDrawer({ realm, provider, onClose, onSaved }: ProviderDrawerProps) {
  const [form] = Form.useForm<ProviderFormValues>();
  const readOnly = useReadOnly();
  const creating = provider === undefined;
  const providerId = Form.useWatch('providerId', form) ?? provider?.providerId ?? 'oidc';

  // Reading the discovery document and saving report into the one alert at the top: each clears the other's error.
  const discovery = useSubmit(
    async (url: string) => {
      const d = await idpApi.discover(realm, url);
      form.setFieldsValue({
        authorizationUrl: d.authorizationUrl,
        tokenUrl: d.tokenUrl,
        issuer: d.issuer,
        jwksUrl: d.jwksUrl,
      });
    },
    { success: 'Endpoints read from the discovery document' },
  );
  const save = useSubmit(async (v: ProviderFormValues) => {
    const input = toInput({ ...v, providerId });
    if (creating) await idpApi.create(realm, input);
    else await idpApi.update(realm, provider.alias, input);
    notify.success(
      creating ? `Identity provider “${input.alias}” added` : `Identity provider “${provider.alias}” saved`,
    );
    onSaved();
  });
  const busy = save.busy;

  function discover() {
    const url = fieldValue(form, 'discoveryUrl')?.trim();
    if (!url) return;
    save.clearError();
    void discovery.run(url);
  }

  return (
    <Drawer
      open
      width={640}
      title={creating ? 'Add identity provider' : `Identity provider “${provider.alias}”`}
      onClose={() => !busy && onClose()}
      extra={
        <Space>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="primary" loading={busy} disabled={readOnly} onClick={() => form.submit()}>
            {creating ? 'Add' : 'Save'}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={save.error ?? discovery.error} />
      <Form
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={toFormValues(provider ?? emptyProvider())}
        onFinish={(v) => {
          discovery.clearError();
          void save.run(v);
        }}
      >
        <Space.Compact block>
          <Form.Item name="providerId" label="Type" style={{ width: 240 }}>
            <Select options={providerTypes} disabled={!creating || readOnly} aria-label="Type" />
          </Form.Item>
          <Form.Item
            name="alias"
            label="Alias"
            style={{ flex: 1 }}
            rules={[
              { required: true, message: 'An alias names the provider in URLs.' },
              { pattern: /^[^\s/\\]+$/, message: 'No spaces or slashes.' },
            ]}
          >
            <Input disabled={!creating || readOnly} aria-label="Alias" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="displayName" label="Display name">
          <Input aria-label="Display name" />
        </Form.Item>
        <Form.Item name="enabled" label="Enabled" valuePropName="checked">
          <Switch aria-label="Enabled" />
        </Form.Item>
        {isOIDC(providerId) && (
          <>
            <Form.Item
              label="Discovery URL"
              extra="The provider's .well-known/openid-configuration; Keycloak reads it."
            >
              <Space.Compact block>
                <Form.Item name="discoveryUrl" noStyle rules={[httpURL]}>
                  <Input
                    aria-label="Discovery URL"
                    placeholder="https://idp.example/.well-known/openid-configuration"
                  />
                </Form.Item>
                <Button icon={<SearchOutlined aria-hidden />} loading={discovery.busy} onClick={discover}>
                  Read endpoints
                </Button>
              </Space.Compact>
            </Form.Item>
            <Form.Item
              name="authorizationUrl"
              label="Authorization URL"
              rules={[{ required: true, message: 'Required.' }, httpURL]}
            >
              <Input aria-label="Authorization URL" />
            </Form.Item>
            <Form.Item name="tokenUrl" label="Token URL" rules={[{ required: true, message: 'Required.' }, httpURL]}>
              <Input aria-label="Token URL" />
            </Form.Item>
            <Form.Item name="issuer" label="Issuer">
              <Input aria-label="Issuer" />
            </Form.Item>
            <Form.Item
              name="jwksUrl"
              label="JWKS URL"
              extra="With it, Keycloak checks the signature of the provider's tokens."
              rules={[httpURL]}
            >
              <Input aria-label="JWKS URL" />
            </Form.Item>
            <Form.Item name="clientId" label="Client ID" rules={[{ required: true, message: 'Required.' }]}>
              <Input aria-label="Client ID" />
            </Form.Item>
            <Form.Item
              name="clientSecret"
              label={`Client secret (${secretState(provider)})`}
              extra={
                provider?.clientSecretSet
                  ? 'Leave empty to keep the stored secret; it is never shown.'
                  : 'Never shown once saved.'
              }
            >
              <Input.Password aria-label="Client secret" autoComplete="new-password" visibilityToggle={false} />
            </Form.Item>
          </>
        )}
        {providerId === 'saml' && (
          <>
            <Form.Item
              name="ssoUrl"
              label="Single sign-on URL"
              rules={[{ required: true, message: 'Required.' }, httpURL]}
            >
              <Input aria-label="Single sign-on URL" />
            </Form.Item>
            <Form.Item name="idpEntityId" label="IdP entity ID" extra="The identity provider's own entity ID.">
              <Input aria-label="IdP entity ID" />
            </Form.Item>
            <Form.Item
              name="entityId"
              label="Service provider entity ID"
              extra="This realm's entity ID as the IdP knows it."
            >
              <Input aria-label="Service provider entity ID" />
            </Form.Item>
            <Form.Item name="signRequests" label="Sign authentication requests" valuePropName="checked">
              <Switch aria-label="Sign authentication requests" />
            </Form.Item>
            <Form.Item name="validateSignature" label="Validate the IdP's signature" valuePropName="checked">
              <Switch aria-label="Validate the IdP's signature" />
            </Form.Item>
            <Form.Item
              name="signingCertificate"
              label="IdP signing certificate"
              dependencies={['validateSignature']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: string) =>
                    getFieldValue('validateSignature') && !value?.trim()
                      ? Promise.reject(new Error('Validating signatures needs the certificate.'))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Input.TextArea
                rows={3}
                aria-label="IdP signing certificate"
                placeholder="MIIC… (base64, PEM without its header lines)"
              />
            </Form.Item>
          </>
        )}
        {!creating && !isOIDC(providerId) && providerId !== 'saml' && (
          <Typography.Paragraph type="secondary">
            Tandem edits the display name and status of a {providerId} provider; its other settings are kept as they
            are.
          </Typography.Paragraph>
        )}
      </Form>
      {!creating && (
        <>
          <Divider />
          <MappersPanel realm={realm} alias={provider.alias} />
        </>
      )}
    </Drawer>
  );
}
