import { DeleteOutlined, KeyOutlined, LoginOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { userAccessApi, type Consent, type LinkedAccount } from './accessApi';
import { userApi, type Credential } from './api';

export interface CredentialsTabProps {
  realm: string;
  id: string;
  readOnly: boolean;
  onChanged: () => void;
}

export function CredentialsTab({ realm, id, readOnly, onChanged }: CredentialsTabProps) {
  const creds = useLoader(() => userApi.credentials(realm, id), [realm, id]);
  const [resetting, setResetting] = useState(false);
  const [impersonating, setImpersonating] = useState(false);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title="Credentials"
        extra={
          <Space>
            <Button icon={<LoginOutlined aria-hidden />} disabled={readOnly} onClick={() => setImpersonating(true)}>
              Impersonate
            </Button>
            <Button
              type="primary"
              icon={<KeyOutlined aria-hidden />}
              disabled={readOnly}
              onClick={() => setResetting(true)}
            >
              Reset password
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={creds.error} onRetry={creds.reload} />
        <Table<Credential>
          size="small"
          rowKey="id"
          loading={creds.loading}
          dataSource={creds.data ?? []}
          pagination={false}
          locale={{ emptyText: 'No credentials: the user cannot log in with a password.' }}
          columns={[
            { title: 'Type', dataIndex: 'type' },
            { title: 'Label', dataIndex: 'userLabel' },
            {
              title: 'Created',
              dataIndex: 'createdAt',
              render: (ms: number) => (ms ? new Date(ms).toLocaleString() : '—'),
            },
            {
              title: '',
              key: 'actions',
              align: 'right',
              render: (_, c) => (
                <Popconfirm
                  title={`Delete this ${c.type} credential?`}
                  okText="Delete"
                  okButtonProps={{ danger: true }}
                  onConfirm={async () => {
                    try {
                      await userApi.deleteCredential(realm, id, c.id);
                      notify.success('Credential deleted');
                      creds.reload();
                    } catch (err) {
                      notify.error(err);
                    }
                  }}
                >
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    disabled={readOnly}
                    aria-label={`Delete ${c.type} credential`}
                  />
                </Popconfirm>
              ),
            },
          ]}
        />
        <ResetPasswordModal
          realm={realm}
          id={id}
          open={resetting}
          onClose={() => setResetting(false)}
          onDone={() => {
            setResetting(false);
            creds.reload();
            onChanged();
          }}
        />
      </Card>
      <ConsentsCard realm={realm} id={id} readOnly={readOnly} />
      <LinkedAccountsCard realm={realm} id={id} readOnly={readOnly} />
      <ImpersonateModal realm={realm} id={id} open={impersonating} onClose={() => setImpersonating(false)} />
    </Space>
  );
}

function ConsentsCard({ realm, id, readOnly }: { realm: string; id: string; readOnly: boolean }) {
  const consents = useLoader(() => userAccessApi.consents(realm, id), [realm, id]);
  return (
    <Card title="Consents" size="small">
      <ErrorAlert error={consents.error} onRetry={consents.reload} />
      <Table<Consent>
        size="small"
        rowKey="clientId"
        aria-label="Consents"
        loading={consents.loading}
        dataSource={consents.data ?? []}
        pagination={false}
        locale={{ emptyText: 'No consents: the user has granted no client access that needed asking.' }}
        columns={[
          { title: 'Client', dataIndex: 'clientId' },
          {
            title: 'Scopes',
            dataIndex: 'scopes',
            render: (scopes: string[]) => scopes.map((s) => <Tag key={s}>{s}</Tag>),
          },
          {
            title: 'Granted',
            dataIndex: 'createdAt',
            render: (ms: number) => (ms ? new Date(ms).toLocaleString() : '—'),
          },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_, c) => (
              <Popconfirm
                title={`Revoke the consent to ${c.clientId}?`}
                description="Its offline tokens for this user end too; the client must ask again."
                okText="Revoke"
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await userAccessApi.revokeConsent(realm, id, c.clientId);
                    notify.success('Consent revoked');
                    consents.reload();
                  } catch (err) {
                    notify.error(err);
                  }
                }}
              >
                <Button size="small" danger disabled={readOnly} aria-label={`Revoke consent to ${c.clientId}`}>
                  Revoke
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

function LinkedAccountsCard({ realm, id, readOnly }: { realm: string; id: string; readOnly: boolean }) {
  const links = useLoader(() => userAccessApi.linkedAccounts(realm, id), [realm, id]);
  return (
    <Card title="Linked accounts" size="small">
      <ErrorAlert error={links.error} onRetry={links.reload} />
      <Table<LinkedAccount>
        size="small"
        rowKey="identityProvider"
        aria-label="Linked accounts"
        loading={links.loading}
        dataSource={links.data ?? []}
        pagination={false}
        locale={{ emptyText: 'No linked accounts: the user signs in with this realm’s account only.' }}
        columns={[
          { title: 'Identity provider', dataIndex: 'identityProvider' },
          { title: 'User name there', dataIndex: 'userName' },
          { title: 'User ID there', dataIndex: 'userId' },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_, l) => (
              <Popconfirm
                title={`Unlink from ${l.identityProvider}?`}
                description="Signing in there no longer reaches this user; a later first sign-in may link or create an account again."
                okText="Unlink"
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await userAccessApi.unlink(realm, id, l.identityProvider);
                    notify.success('Account unlinked');
                    links.reload();
                  } catch (err) {
                    notify.error(err);
                  }
                }}
              >
                <Button size="small" danger disabled={readOnly} aria-label={`Unlink ${l.identityProvider}`}>
                  Unlink
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The warning before an impersonation, which Keycloak records and cannot undo. */
function ImpersonateModal({
  realm,
  id,
  open,
  onClose,
}: {
  realm: string;
  id: string;
  open: boolean;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [opened, setOpened] = useState<string>();

  async function go() {
    setBusy(true);
    setError(undefined);
    try {
      setOpened(await userAccessApi.impersonate(realm, id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setOpened(undefined);
    setError(undefined);
    onClose();
  }

  return (
    <Modal
      open={open}
      title="Impersonate this user?"
      okText={opened ? 'Done' : 'Impersonate'}
      okButtonProps={{ danger: !opened, loading: busy }}
      onOk={opened ? close : go}
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

function ResetPasswordModal({
  realm,
  id,
  open,
  onClose,
  onDone,
}: {
  realm: string;
  id: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<ResetValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(v: ResetValues) {
    setBusy(true);
    setError(undefined);
    try {
      await userApi.resetPassword(realm, id, v.password, v.temporary);
      notify.success(v.temporary ? 'Temporary password set' : 'Password set');
      form.resetFields();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Reset password"
      okText="Set password"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ temporary: true }} onFinish={submit}>
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
        <Form.Item
          name="temporary"
          label="Temporary"
          valuePropName="checked"
          extra="The user must choose a new password at the next login."
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
