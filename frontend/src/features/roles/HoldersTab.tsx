import { Alert, Typography } from 'antd';
import { Link } from 'react-router';
import type { DependencyList } from 'react';
import { DataTable, type PagedTableProps } from '@/components/DataTable';
import { UserStatus } from '@/features/groups/MembersTab';
import { toGroups } from '@/features/groups/routes';
import { toUser } from '@/features/users/routes';
import { roleApi, roleLabel, tablePage, type GroupRef, type KeycloakPage, type RoleRef, type UserRef } from './api';

export interface HoldersProps {
  realm: string;
  clientUuid: string;
  role: RoleRef;
}

/**
 * Holders of the role, ten to a page as `fetch` gives them; no search box, since Keycloak lists a role's holders
 * without a filter.
 */
function HoldersTable<T extends { id: string }>({
  fetch,
  deps,
  columns,
  emptyText,
}: {
  fetch: (first: number, max: number) => Promise<KeycloakPage<T>>;
  deps: DependencyList;
  columns: PagedTableProps<T>['columns'];
  emptyText: string;
}) {
  return (
    <DataTable<T>
      loader={async ({ first, max }) => tablePage(await fetch(first, max))}
      deps={deps}
      rowKey="id"
      searchable={false}
      pageSize={10}
      columns={columns}
      emptyText={emptyText}
    />
  );
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
  return (
    <>
      <Typography.Paragraph type="secondary">
        Users who hold {roleLabel(role)} themselves. Members of groups holding it, and holders of composite roles
        containing it, are under “Who has it”.
      </Typography.Paragraph>
      <HoldersTable<UserRef>
        fetch={(first, max) => roleApi.users(realm, clientUuid, role.name, first, max)}
        deps={[realm, clientUuid, role.name]}
        columns={userColumns(realm)}
        emptyText="Nobody holds it directly."
      />
    </>
  );
}

/** Groups the role is assigned to. */
export function RoleGroupsTab({ realm, clientUuid, role }: HoldersProps) {
  return (
    <HoldersTable<GroupRef>
      fetch={(first, max) => roleApi.groups(realm, clientUuid, role.name, first, max)}
      deps={[realm, clientUuid, role.name]}
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
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="Everyone whose token carries this role: a route requiring it lets them through."
        description="Disabled users are listed (they cannot log in); service accounts are listed (their client-credentials tokens carry the role)."
      />
      <HoldersTable<UserRef>
        fetch={(first, max) => roleApi.usersWithAnyRole(realm, [roleLabel(role)], first, max)}
        deps={[realm, roleLabel(role)]}
        columns={[...userColumns(realm), { title: 'Through', dataIndex: 'via' }]}
        emptyText="Nobody holds it."
      />
    </>
  );
}
