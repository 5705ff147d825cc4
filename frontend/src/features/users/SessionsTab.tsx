import { LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Tag } from 'antd';
import { DataTable } from '@/components/DataTable';
import { removeColumn } from '@/components/RemoveButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { humanDuration } from '@/features/realms/formState';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import { userApi, type Session } from './api';
import type { UserTabProps } from './userTab';

export function SessionsTab({ realm, id }: UserTabProps) {
  const readOnly = useReadOnly();
  const sessions = useLoader(() => userApi.sessions(realm, id), [realm, id]);
  const lifespan = sessions.data?.accessTokenLifespan;
  const list = sessions.data?.sessions ?? [];

  const signOutAll = useSubmit(() => userApi.signOutAll(realm, id), {
    success: 'All sessions signed out',
    notifyTitle: '',
  });

  return (
    <Card
      title="Sessions"
      extra={
        <Popconfirm
          title="Sign out every session of this user?"
          okText="Sign out all"
          onConfirm={async () => {
            if (await signOutAll.run()) sessions.reload();
          }}
        >
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
      <DataTable<Session>
        rows={{ ...sessions, data: list }}
        rowKey="id"
        emptyText="No active sessions."
        columns={[
          { title: 'IP address', dataIndex: 'ipAddress' },
          { title: 'Started', dataIndex: 'start', render: (ms: number) => new Date(ms).toLocaleString() },
          { title: 'Last access', dataIndex: 'lastAccess', render: (ms: number) => new Date(ms).toLocaleString() },
          {
            title: 'Clients',
            dataIndex: 'clients',
            render: (clients: string[]) => clients.map((c) => <Tag key={c}>{c}</Tag>),
          },
          removeColumn((s) => ({
            label: 'Sign out',
            text: 'Sign out',
            success: 'Session signed out',
            action: () => userApi.signOutSession(realm, s.id),
            onDone: sessions.reload,
          })),
        ]}
      />
    </Card>
  );
}
