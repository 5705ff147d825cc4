import { KeyOutlined, LoginOutlined } from '@ant-design/icons';
import { Alert, Card, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { DialogButton, type DialogProps } from '@/components/DialogButton';
import { ErrorAlert } from '@/components/ErrorAlert';
import { FormModal } from '@/components/FormModal';
import { removeColumn } from '@/components/RemoveButton';
import { SwitchField } from '@/components/SwitchField';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import { userAccessApi, type Consent, type LinkedAccount } from './accessApi';
import { userApi, type Credential } from './api';
import type { UserTabProps } from './userTab';

const when = (ms: number) => (ms ? new Date(ms).toLocaleString() : '—');

export function CredentialsTab({ realm, id, onChanged }: UserTabProps & { onChanged: () => void }) {
  const creds = useLoader(() => userApi.credentials(realm, id), [realm, id]);
  const consents = useLoader(() => userAccessApi.consents(realm, id), [realm, id]);
  const links = useLoader(() => userAccessApi.linkedAccounts(realm, id), [realm, id]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title="Credentials"
        extra={
          <Space>
            <DialogButton
              icon={<LoginOutlined aria-hidden />}
              dialog={(d) => <ImpersonateModal realm={realm} id={id} {...d} />}
            >
              Impersonate
            </DialogButton>
            <DialogButton
              type="primary"
              icon={<KeyOutlined aria-hidden />}
              onDone={() => {
                creds.reload();
                onChanged();
              }}
              dialog={(d) => <ResetPasswordModal realm={realm} id={id} {...d} />}
            >
              Reset password
            </DialogButton>
          </Space>
        }
      >
        <DataTable<Credential>
          rows={creds}
          rowKey="id"
          emptyText="No credentials: the user cannot log in with a password."
          columns={[
            { title: 'Type', dataIndex: 'type' },
            { title: 'Label', dataIndex: 'userLabel' },
            { title: 'Created', dataIndex: 'createdAt', render: when },
            removeColumn((c) => ({
              label: `Delete ${c.type} credential`,
              confirm: `Delete this ${c.type} credential?`,
              success: 'Credential deleted',
              action: () => userApi.deleteCredential(realm, id, c.id),
              onDone: creds.reload,
            })),
          ]}
        />
      </Card>
      <Card title="Consents" size="small">
        <DataTable<Consent>
          rows={consents}
          rowKey="clientId"
          label="Consents"
          emptyText="No consents: the user has granted no client access that needed asking."
          columns={[
            { title: 'Client', dataIndex: 'clientId' },
            {
              title: 'Scopes',
              dataIndex: 'scopes',
              render: (scopes: string[]) => scopes.map((s) => <Tag key={s}>{s}</Tag>),
            },
            { title: 'Granted', dataIndex: 'createdAt', render: when },
            removeColumn((c) => ({
              label: `Revoke consent to ${c.clientId}`,
              text: 'Revoke',
              confirm: `Revoke the consent to ${c.clientId}?`,
              description: 'Its offline tokens for this user end too; the client must ask again.',
              success: 'Consent revoked',
              action: () => userAccessApi.revokeConsent(realm, id, c.clientId),
              onDone: consents.reload,
            })),
          ]}
        />
      </Card>
      <Card title="Linked accounts" size="small">
        <DataTable<LinkedAccount>
          rows={links}
          rowKey="identityProvider"
          label="Linked accounts"
          emptyText="No linked accounts: the user signs in with this realm’s account only."
          columns={[
            { title: 'Identity provider', dataIndex: 'identityProvider' },
            { title: 'User name there', dataIndex: 'userName' },
            { title: 'User ID there', dataIndex: 'userId' },
            removeColumn((l) => ({
              label: `Unlink ${l.identityProvider}`,
              text: 'Unlink',
              confirm: `Unlink from ${l.identityProvider}?`,
              description:
                'Signing in there no longer reaches this user; a later first sign-in may link or create an account again.',
              success: 'Account unlinked',
              action: () => userAccessApi.unlink(realm, id, l.identityProvider),
              onDone: links.reload,
            })),
          ]}
        />
      </Card>
    </Space>
  );
}

/** The warning before an impersonation, which Keycloak records and cannot undo. */
function ImpersonateModal({ realm, id, open, onClose }: DialogProps & { realm: string; id: string }) {
  const [opened, setOpened] = useState<string>();
  const impersonate = useSubmit(async () => setOpened(await userAccessApi.impersonate(realm, id)));
  const { busy, error } = impersonate;

  function close() {
    setOpened(undefined);
    impersonate.clearError();
    onClose();
  }

  return (
    <Modal
      open={open}
      title="Impersonate this user?"
      okText={opened ? 'Done' : 'Impersonate'}
      okButtonProps={{ danger: !opened, loading: busy }}
      onOk={opened ? close : () => void impersonate.run()}
      onCancel={() => !busy && close()}
      cancelButtonProps={{ style: opened ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      {opened ? (
        <Alert
          type="info"
          showIcon
          message="Account console opened in your browser"
          description={
            <>
              <Typography.Paragraph copyable={{ text: opened }} style={{ marginBottom: 4 }}>
                {opened}
              </Typography.Paragraph>
              Keycloak gave the impersonation session to Tandem, not to your browser: the browser shows the account
              console of whoever it is already signed in as in this realm, or asks you to sign in.
            </>
          }
        />
      ) : (
        <Typography.Paragraph>
          Keycloak starts a session as this user, records an impersonation event naming you, and Tandem opens the
          user&apos;s account console in your browser. Whatever you do there is done as the user. The session shows in
          the user&apos;s Sessions tab until it ends or you sign it out.
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

interface ResetValues {
  password: string;
  confirm: string;
  temporary: boolean;
}

function ResetPasswordModal({ realm, id, open, onClose, onDone }: DialogProps & { realm: string; id: string }) {
  return (
    <FormModal<ResetValues>
      open={open}
      title="Reset password"
      okText="Set password"
      initialValues={{ temporary: true }}
      onSubmit={async (v) => {
        await userApi.resetPassword(realm, id, v.password, v.temporary);
        notify.success(v.temporary ? 'Temporary password set' : 'Password set');
        onDone();
      }}
      onClose={onClose}
    >
      <Form.Item name="password" label="New password" rules={[{ required: true, message: 'Type a password.' }]}>
        <Input.Password autoFocus autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="Repeat password"
        dependencies={['password']}
        rules={[
          { required: true, message: 'Type it again.' },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error('The passwords differ.')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <SwitchField name="temporary" label="Temporary" extra="The user must choose a new password at the next login." />
    </FormModal>
  );
}
