import { SearchOutlined } from '@ant-design/icons';
import { Button, Divider, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { SwitchField } from '@/components/SwitchField';
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
        <TextField name="displayName" label="Display name" />
        <SwitchField name="enabled" label="Enabled" />
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
            <TextField name="authorizationUrl" label="Authorization URL" required url />
            <TextField name="tokenUrl" label="Token URL" required url />
            <TextField name="issuer" label="Issuer" />
            <TextField
              name="jwksUrl"
              label="JWKS URL"
              extra="With it, Keycloak checks the signature of the provider's tokens."
              url
            />
            <TextField name="clientId" label="Client ID" required />
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
            <TextField name="ssoUrl" label="Single sign-on URL" required url />
            <TextField name="idpEntityId" label="IdP entity ID" extra="The identity provider's own entity ID." />
            <TextField
              name="entityId"
              label="Service provider entity ID"
              extra="This realm's entity ID as the IdP knows it."
            />
            <SwitchField name="signRequests" label="Sign authentication requests" />
            <SwitchField name="validateSignature" label="Validate the IdP's signature" />
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

interface FieldProps {
  name: keyof ProviderFormValues;
  /** The field's label, which is also its input's accessible name. */
  label: string;
  extra?: string;
}

/** A text field of the drawer, optionally required and holding an http(s) URL. */
function TextField({ name, label, extra, required, url }: FieldProps & { required?: boolean; url?: boolean }) {
  const rules = [...(required ? [{ required: true, message: 'Required.' }] : []), ...(url ? [httpURL] : [])];
  return (
    <Form.Item name={name} label={label} extra={extra} rules={rules}>
      <Input aria-label={label} />
    </Form.Item>
  );
}
