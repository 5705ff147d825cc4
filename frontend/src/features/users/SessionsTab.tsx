import { LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { humanDuration } from '@/features/realms/formState';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { userApi, type Session } from './api';

export interface SessionsTabProps {
  realm: string;
  id: string;
  readOnly: boolean;
}

export function SessionsTab({ realm, id, readOnly }: SessionsTabProps) {
  const sessions = useLoader(() => userApi.sessions(realm, id), [realm, id]);
  const lifespan = sessions.data?.accessTokenLifespan;
  const list = sessions.data?.sessions ?? [];

  async function signOutOne(s: Session) {
    try {
      await userApi.signOutSession(realm, s.id);
      notify.success('Session signed out');
      sessions.reload();
    } catch (err) {
      notify.error(err);
    }
  }

  async function signOutAll() {
    try {
      await userApi.signOutAll(realm, id);
      notify.success('All sessions signed out');
      sessions.reload();
    } catch (err) {
      notify.error(err);
    }
  }

  return (
    <Card
      title="Sessions"
      extra={
        <Popconfirm title="Sign out every session of this user?" okText="Sign out all" onConfirm={signOutAll}>
          <Button danger icon={<LogoutOutlined aria-hidden />} disabled={readOnly || list.length === 0}>
            Sign out all
          </Button>
        </Popconfirm>
      }
    >
      {lifespan !== undefined && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Signing out ends the session and its refresh tokens, but access tokens already issued stay valid until they expire: up to ${humanDuration(lifespan)} (the realm's access token lifespan).`}
        />
      )}
      <ErrorAlert error={sessions.error} onRetry={sessions.reload} />
      <Table<Session>
        size="small"
        rowKey="id"
        loading={sessions.loading}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: 'No active sessions.' }}
        columns={[
          { title: 'IP address', dataIndex: 'ipAddress' },
          { title: 'Started', dataIndex: 'start', render: (ms: number) => new Date(ms).toLocaleString() },
          { title: 'Last access', dataIndex: 'lastAccess', render: (ms: number) => new Date(ms).toLocaleString() },
          {
            title: 'Clients',
            dataIndex: 'clients',
            render: (clients: string[]) => clients.map((c) => <Tag key={c}>{c}</Tag>),
          },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_, s) => (
              <Button size="small" danger disabled={readOnly} onClick={() => signOutOne(s)}>
                Sign out
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
