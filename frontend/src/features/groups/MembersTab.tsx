import { UserAddOutlined } from '@ant-design/icons';
import { Space, Tag } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router';
import { DataTable, type DataTableHandle, type PageQuery } from '@/components/DataTable';
import { DialogButton, type DialogProps } from '@/components/DialogButton';
import { removeColumn } from '@/components/RemoveButton';
import { PickModal } from '@/components/PickModal';
import { tablePage, type UserRef } from '@/features/roles/api';
import { userApi } from '@/features/users/api';
import { toUser } from '@/features/users/routes';
import { notify } from '@/lib/notify';
import { groupApi, type Group } from './api';

export interface MembersTabProps {
  realm: string;
  group: Group;
}

/** The group's direct members, paged by Keycloak, with add and remove. */
export function MembersTab({ realm, group }: MembersTabProps) {
  const table = useRef<DataTableHandle>(null);

  const loader = async ({ first, max }: PageQuery) => tablePage(await groupApi.members(realm, group.id, first, max));

  return (
    <>
      <DataTable<UserRef>
        ref={table}
        loader={loader}
        deps={[realm, group.id]}
        rowKey="id"
        searchable={false}
        pageSize={10}
        toolbar={
          <DialogButton
            icon={<UserAddOutlined aria-hidden />}
            type="primary"
            onDone={() => table.current?.reload()}
            dialog={(d) => <AddMemberModal realm={realm} group={group} {...d} />}
          >
            Add member
          </DialogButton>
        }
        columns={[
          {
            title: 'Username',
            dataIndex: 'username',
            render: (username: string, u) => <Link to={toUser({ realm, id: u.id })}>{username}</Link>,
          },
          { title: 'Email', dataIndex: 'email' },
          { title: 'Status', key: 'status', render: (_: unknown, u) => <UserStatus user={u} /> },
          removeColumn((u) => ({
            label: `Remove member ${u.username}`,
            text: 'Remove',
            confirm: `Remove ${u.username} from ${group.path}?`,
            success: `${u.username} is no longer a member of ${group.path}`,
            action: () => groupApi.removeMember(realm, group.id, u.id),
            onDone: () => table.current?.reload(),
          })),
        ]}
        emptyText="No members. Members of subgroups are listed on the subgroups."
      />
    </>
  );
}

/** Enabled or disabled, and whether the user stands for a client. */
export function UserStatus({ user }: { user: UserRef }) {
  return (
    <Space size={4}>
      {user.enabled ? <Tag color="green">Enabled</Tag> : <Tag color="red">Disabled</Tag>}
      {user.serviceAccount && <Tag color="purple">Service account of {user.serviceAccountClientId}</Tag>}
    </Space>
  );
}

function AddMemberModal({
  realm,
  group,
  open,
  onClose,
  onDone,
}: DialogProps & {
  realm: string;
  group: Group;
}) {
  return (
    <PickModal
      open={open}
      title={`Add members to ${group.path}`}
      okText="Add"
      label="Users to add"
      placeholder="Search users by name or email"
      find={async (search) => (await userApi.search(realm, { search, first: 0, max: 20 })).items ?? []}
      option={(u) => ({ value: u.id, label: u.email ? `${u.username} (${u.email})` : u.username })}
      notFoundContent={(loading) => (loading ? 'Searching…' : 'No user matches.')}
      onSubmit={async (users) => {
        for (const u of users) await groupApi.addMember(realm, group.id, u.id);
        notify.success(
          users.length === 1 ? `Member added to ${group.path}` : `${users.length} members added to ${group.path}`,
        );
        onDone();
      }}
      onClose={onClose}
    />
  );
}
