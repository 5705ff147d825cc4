import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DataTable, type DataTableHandle, type PageQuery } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { userApi, type User } from './api';
import { CreateUserModal } from './CreateUserModal';
import { RealmPicker } from './RealmPicker';
import { toUser, toUserImport } from './routes';

export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const { profile, realms, realm, loading, error, reload, profileKey } = useActiveRealm(
    params.get('realm') ?? undefined,
  );
  const [exact, setExact] = useState(false);
  const [attrText, setAttrText] = useState('');
  const [attributes, setAttributes] = useState('');
  const [creating, setCreating] = useState(false);
  const table = useRef<DataTableHandle>(null);
  const navigate = useNavigate();
  const readOnly = profile?.readOnly ?? false;

  const loader = async ({ first, max, search }: PageQuery) => {
    if (!realm) return { items: [], total: 0 };
    const page = await userApi.search(realm, { search, exact, attributes, first, max });
    return { items: page.items, total: page.total };
  };

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Find users by name or email, create and edit them, reset passwords, and manage their roles, groups and sessions."
        actions={
          <>
            <RealmPicker realms={realms} value={realm} loading={loading} onChange={(r) => setParams({ realm: r })} />
            <Button
              icon={<ImportOutlined aria-hidden />}
              disabled={!realm}
              onClick={() => navigate(toUserImport(realm))}
            >
              Import CSV
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              disabled={!realm || readOnly}
              onClick={() => setCreating(true)}
            >
              Create user
            </Button>
          </>
        }
      />
      <ReadOnlyBanner readOnly={readOnly} profileName={profile?.name} />
      <ErrorAlert error={error} onRetry={reload} />
      {realm && (
        <DataTable<User>
          ref={table}
          loader={loader}
          deps={[profileKey, realm, exact, attributes]}
          rowKey="id"
          searchPlaceholder="Search username, email, first or last name"
          toolbar={
            <>
              <Tooltip title="Match the whole value instead of its beginning. Use *text* to match anywhere.">
                <Space size={6}>
                  <Switch size="small" checked={exact} onChange={setExact} aria-label="Exact match" />
                  <Typography.Text>Exact</Typography.Text>
                </Space>
              </Tooltip>
              <Input.Search
                aria-label="Attribute query"
                placeholder="Attributes, e.g. dept:eng"
                allowClear
                value={attrText}
                onChange={(e) => {
                  setAttrText(e.target.value);
                  if (e.target.value === '') setAttributes('');
                }}
                onSearch={(v) => setAttributes(v.trim())}
                style={{ width: 240 }}
              />
            </>
          }
          columns={[
            {
              title: 'Username',
              dataIndex: 'username',
              render: (username: string, u) => <Link to={toUser({ realm, id: u.id })}>{username}</Link>,
            },
            { title: 'Email', dataIndex: 'email' },
            { title: 'First name', dataIndex: 'firstName' },
            { title: 'Last name', dataIndex: 'lastName' },
            {
              title: 'Status',
              dataIndex: 'enabled',
              render: (enabled: boolean, u) => (
                <Space size={4}>
                  {enabled ? <Tag color="green">Enabled</Tag> : <Tag color="red">Disabled</Tag>}
                  {u.email && !u.emailVerified && <Tag>Email not verified</Tag>}
                </Space>
              ),
            },
          ]}
          emptyText={attributes || exact ? 'No user matches.' : 'No users.'}
        />
      )}
      {realm && (
        <CreateUserModal
          realm={realm}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            table.current?.reload();
            navigate(toUser({ realm, id }));
          }}
        />
      )}
    </>
  );
}
