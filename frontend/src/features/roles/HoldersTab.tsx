import { Alert, Typography } from 'antd';
import { Link } from 'react-router';
import { DataTable, type PageQuery } from '@/components/DataTable';
import { UserStatus } from '@/features/groups/MembersTab';
import { toGroups } from '@/features/groups/routes';
import { toUser } from '@/features/users/routes';
import { roleApi, roleLabel, tablePage, type GroupRef, type RoleRef, type UserRef } from './api';

export interface HoldersProps {
  realm: string;
  clientUuid: string;
  role: RoleRef;
}

const userColumns = (realm: string) => [
  {
    title: 'Username',
    dataIndex: 'username',
    render: (username: string, u: UserRef) => <Link to={toUser({ realm, id: u.id })}>{username}</Link>,
  },
  { title: 'Email', dataIndex: 'email' },
  { title: 'Status', key: 'status', render: (_: unknown, u: UserRef) => <UserStatus user={u} /> },
];

/** Users holding the role directly. */
export function RoleUsersTab({ realm, clientUuid, role }: HoldersProps) {
  const loader = async ({ first, max }: PageQuery) =>
    tablePage(await roleApi.users(realm, clientUuid, role.name, first, max));
  return (
    <>
      <Typography.Paragraph type="secondary">
        Users who hold {roleLabel(role)} themselves. Members of groups holding it, and holders of composite roles
        containing it, are under “Who has it”.
      </Typography.Paragraph>
      <DataTable<UserRef>
        loader={loader}
        deps={[realm, clientUuid, role.name]}
        rowKey="id"
        searchable={false}
        pageSize={10}
        columns={userColumns(realm)}
        emptyText="Nobody holds it directly."
      />
    </>
  );
}

/** Groups the role is assigned to. */
export function RoleGroupsTab({ realm, clientUuid, role }: HoldersProps) {
  const loader = async ({ first, max }: PageQuery) =>
    tablePage(await roleApi.groups(realm, clientUuid, role.name, first, max));
  return (
    <DataTable<GroupRef>
      loader={loader}
      deps={[realm, clientUuid, role.name]}
      rowKey="id"
      searchable={false}
      pageSize={10}
      columns={[
        {
          title: 'Group',
          dataIndex: 'path',
          render: (path: string, g) => <Link to={toGroups({ realm, group: g.id, tab: 'roles' })}>{path}</Link>,
        },
      ]}
      emptyText="No group holds it. Subgroups of a group holding it inherit it without being listed."
    />
  );
}

/** Everyone holding the role in the end: directly, through groups (and their parents) or composite roles. */
export function RoleReachTab({ realm, role }: HoldersProps) {
  const loader = async ({ first, max }: PageQuery) =>
    tablePage(await roleApi.usersWithAnyRole(realm, [roleLabel(role)], first, max));
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="Everyone whose token carries this role: a route requiring it lets them through."
        description="Disabled users are listed (they cannot log in); service accounts are listed (their client-credentials tokens carry the role)."
      />
      <DataTable<UserRef>
        loader={loader}
        deps={[realm, roleLabel(role)]}
        rowKey="id"
        searchable={false}
        pageSize={10}
        columns={[...userColumns(realm), { title: 'Through', dataIndex: 'via' }]}
        emptyText="Nobody holds it."
      />
    </>
  );
}
