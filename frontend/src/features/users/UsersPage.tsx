import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DataTable, type CountQuery, type DataTableHandle, type PageQuery } from '@/components/DataTable';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { RealmPageHeader } from '@/components/RealmPageHeader';
import { SearchInput } from '@/components/SearchInput';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { optionsOf } from '@/lib/options';
import { userApi, type User } from './api';
import { BulkActions } from './BulkActions';
import { CreateUserModal } from './CreateUserModal';
import { toUser, toUserImport } from './routes';

/** Where the search text is looked for: every name field, or one field. */
type SearchField = 'search' | 'username' | 'email' | 'firstName' | 'lastName';

const searchFieldLabels: Record<SearchField, string> = {
  search: 'All name fields',
  username: 'Username',
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
};

export function UsersPage() {
  const [params] = useSearchParams();
  const active = useActiveRealm(params.get('realm') ?? undefined);
  const { realm, profileKey } = active;
  const [exact, setExact] = useState(false);
  const [attributes, setAttributes] = useState('');
  // Keycloak ignores an attribute query next to a search over all name
  // fields, so the backend refuses that pair; one field combines with it.
  const [field, setField] = useState<SearchField>('search');
  const [creating, setCreating] = useState(false);
  const table = useRef<DataTableHandle>(null);
  const navigate = useNavigate();

  // Selected users, kept across pages by id; a new realm starts with none.
  const [selected, setSelected] = useState<Map<string, User>>(new Map());
  const [selectedRealm, setSelectedRealm] = useState(realm);
  if (selectedRealm !== realm) {
    setSelectedRealm(realm);
    setSelected(new Map());
  }

  // When a search finds nobody by prefix, the backend runs the contains search ("*x*") and says
  // so: the next pages and the count then ask for that search too. The ref serves the loader,
  // the state the notice.
  const containing = useRef<{ search: string; ran: string }>(undefined);
  const [containsNotice, setContainsNotice] = useState<{ search: string; ran: string }>();
  const effective = (search: string) =>
    containing.current && containing.current.search === search ? containing.current.ran : search;

  // The page comes alone and the total once per filter, after the rows show: Keycloak counts by
  // scanning every match again, which would double the cost of each page on the same cores.
  const loader = async ({ first, max, search }: PageQuery) => {
    if (!realm) return { items: [], total: 0 };
    const asked = first > 0 ? effective(search) : search;
    const page = await userApi.search(realm, { [field]: asked, exact, attributes, first, max });
    if (first === 0) {
      containing.current = page.contains ? { search, ran: page.search } : undefined;
      setContainsNotice(containing.current);
    }
    return { items: page.items };
  };
  const counter = async ({ search }: CountQuery) =>
    realm ? userApi.count(realm, { [field]: effective(search), exact, attributes }) : 0;

  return (
    <>
      <RealmPageHeader
        title="Users"
        subtitle="Find users by name or email, create and edit them, reset passwords, and manage their roles, groups and sessions."
        active={active}
        actions={
          <Button icon={<ImportOutlined aria-hidden />} disabled={!realm} onClick={() => navigate(toUserImport(realm))}>
            Import CSV
          </Button>
        }
        create={{ label: 'Create user', onClick: () => setCreating(true) }}
      />
      {realm && containsNotice && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`No user starts with “${containsNotice.search}”; showing users containing “${containsNotice.search}”.`}
        />
      )}
      {realm && (
        <BulkActions
          realm={realm}
          selected={[...selected.values()]}
          onDone={() => {
            setSelected(new Map());
            table.current?.reload();
          }}
        />
      )}
      {realm && (
        <ErrorBoundary label="Users" resetKeys={[realm]}>
          <DataTable<User>
            ref={table}
            loader={loader}
            counter={counter}
            deps={[profileKey, realm, exact, attributes, field]}
            rowKey="id"
            searchPlaceholder={
              field === 'search'
                ? 'Search username, email, first or last name'
                : `Search ${searchFieldLabels[field].toLowerCase()}`
            }
            toolbar={
              <>
                <Tooltip title="An attribute query combines with one field only: Keycloak ignores it next to a search of all name fields.">
                  <Select<SearchField>
                    aria-label="Search in"
                    value={field}
                    onChange={setField}
                    options={optionsOf(searchFieldLabels)}
                    style={{ width: 150 }}
                  />
                </Tooltip>
                <Tooltip title="Match the whole value. Otherwise all name fields match the beginning (use *text* to match anywhere) and one field matches any part.">
                  <Space size={6}>
                    <Switch size="small" checked={exact} onChange={setExact} aria-label="Exact match" />
                    <Typography.Text>Exact</Typography.Text>
                  </Space>
                </Tooltip>
                <SearchInput
                  aria-label="Attribute query"
                  placeholder="Attributes, e.g. dept:eng"
                  onSearch={setAttributes}
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
            tableProps={{
              rowSelection: {
                selectedRowKeys: [...selected.keys()],
                preserveSelectedRowKeys: true,
                onChange: (keys, rows) =>
                  setSelected((prev) => {
                    // antd passes the selected rows it knows (this page and, kept, earlier ones).
                    const next = new Map<string, User>();
                    for (const u of rows) if (u) next.set(u.id, u);
                    for (const [id, u] of prev) if (keys.includes(id) && !next.has(id)) next.set(id, u);
                    return next;
                  }),
              },
            }}
          />
        </ErrorBoundary>
      )}
      {realm && (
        <CreateUserModal
          realm={realm}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            table.current?.reload();
            void navigate(toUser({ realm, id }));
          }}
        />
      )}
    </>
  );
}
