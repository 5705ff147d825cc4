import { DeleteOutlined, KeyOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Popconfirm, Switch, Table } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
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

  return (
    <Card
      title="Credentials"
      extra={
        <Button
          type="primary"
          icon={<KeyOutlined aria-hidden />}
          disabled={readOnly}
          onClick={() => setResetting(true)}
        >
          Reset password
        </Button>
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
