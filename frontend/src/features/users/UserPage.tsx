import { DeleteOutlined } from '@ant-design/icons';
import { Skeleton, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { WriteButton } from '@/components/WriteButton';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { notify } from '@/lib/notify';
import { onOneOf } from '@/lib/oneOf';
import { entriesOf } from '@/lib/options';
import { useLoader } from '@/lib/useLoader';
import { userApi } from './api';
import { AttributesTab } from './AttributesTab';
import { CredentialsTab } from './CredentialsTab';
import { DetailsTab } from './DetailsTab';
import { GroupsTab } from './GroupsTab';
import { LockoutAlert } from './LockoutAlert';
import { RolesTab } from './RolesTab';
import { toUser, toUsers, type UserTab } from './routes';
import { SessionsTab } from './SessionsTab';
import { TimelineTab } from './TimelineTab';

const tabLabels: Record<UserTab, string> = {
  details: 'Details',
  attributes: 'Attributes',
  credentials: 'Credentials',
  roles: 'Roles',
  groups: 'Groups',
  sessions: 'Sessions',
  timeline: 'Timeline',
};
const tabs = entriesOf(tabLabels);

export function UserPage() {
  const { realm = '', id = '', tab = 'details' } = useParams();
  const { profileKey } = useActiveRealm(realm);
  const user = useLoader(() => userApi.get(realm, id), [profileKey, realm, id]);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const u = user.data;
  const ctx = { realm, id };

  const body = (key: UserTab) => {
    if (!u) return null;
    switch (key) {
      case 'details':
        return <DetailsTab {...ctx} user={u} onSaved={(next) => user.setData(next)} />;
      case 'attributes':
        return <AttributesTab {...ctx} user={u} onSaved={(next) => user.setData(next)} />;
      case 'credentials':
        return <CredentialsTab {...ctx} onChanged={user.reload} />;
      case 'roles':
        return <RolesTab {...ctx} />;
      case 'groups':
        return <GroupsTab {...ctx} />;
      case 'sessions':
        return <SessionsTab {...ctx} />;
      case 'timeline':
        return <TimelineTab {...ctx} />;
    }
  };

  return (
    <>
      <PageHeader
        title={u ? u.username : 'User'}
        subtitle={
          <Space size={8}>
            <Link to={toUsers(realm)}>Users of {realm}</Link>
            {u && (u.enabled ? <Tag color="green">Enabled</Tag> : <Tag color="red">Disabled</Tag>)}
            {u?.federationLink && <Tag>Federated</Tag>}
          </Space>
        }
        actions={
          <WriteButton danger icon={<DeleteOutlined aria-hidden />} disabled={!u} onClick={() => setDeleting(true)}>
            Delete user
          </WriteButton>
        }
      />
      <ReadOnlyBanner />
      <ErrorAlert error={user.error} onRetry={user.reload} />
      {u && <LockoutAlert {...ctx} />}
      {user.loading && !u ? (
        <Skeleton active />
      ) : (
        u && (
          <Tabs
            activeKey={tab}
            onChange={onOneOf(
              tabs.map(([key]) => key),
              (next) => void navigate(toUser({ realm, id, tab: next }), { replace: true }),
            )}
            destroyOnHidden
            items={tabs.map(([key, label]) => ({ key, label, children: body(key) }))}
          />
        )
      )}
      <ConfirmDelete
        open={deleting}
        kind="user"
        name={u?.username ?? ''}
        onConfirm={async () => {
          await userApi.remove(realm, id);
          notify.success(`User “${u?.username}” deleted`);
          void navigate(toUsers(realm));
        }}
        onClose={() => setDeleting(false)}
      >
        Their sessions end; access tokens already issued stay valid until they expire.
      </ConfirmDelete>
    </>
  );
}
