import { DeleteOutlined } from '@ant-design/icons';
import { Drawer, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { ErrorAlert } from '@/components/ErrorAlert';
import { WriteButton } from '@/components/WriteButton';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { roleApi, roleLabel } from './api';
import { CompositesTab } from './CompositesTab';
import { RoleGroupsTab, RoleReachTab, RoleUsersTab } from './HoldersTab';
import { RoleForm } from './RoleForm';
import { rolesPage, type RoleTab } from './routes';

export interface RoleDrawerProps {
  realm: string;
  /** '' for realm roles. */
  clientUuid: string;
  /** The open role's name; undefined closes the drawer. */
  name: string | undefined;
  tab: RoleTab;
  onTab: (tab: RoleTab) => void;
  onClose: () => void;
  /** After a rename: the role now goes by this name. */
  onRenamed: (name: string) => void;
  /** After any change the list shows (description, composite flag, deletion). */
  onChanged: () => void;
}

/** One role: its name and description, composites and holders. */
export function RoleDrawer({ realm, clientUuid, name, tab, onTab, onClose, onRenamed, onChanged }: RoleDrawerProps) {
  const role = useLoader(() => roleApi.get(realm, clientUuid, name!), [realm, clientUuid, name], { enabled: !!name });
  const [deleting, setDeleting] = useState(false);
  const r = name ? role.data : undefined;
  const ctx = r && { realm, clientUuid, role: r };

  return (
    <Drawer
      open={!!name}
      onClose={onClose}
      size={760}
      title={
        r ? (
          <Space>
            <span>{roleLabel(r)}</span>
            {r.composite && <Tag>composite</Tag>}
          </Space>
        ) : (
          name
        )
      }
      extra={
        r && (
          <WriteButton danger icon={<DeleteOutlined aria-hidden />} onClick={() => setDeleting(true)}>
            Delete
          </WriteButton>
        )
      }
      destroyOnHidden
    >
      <ErrorAlert error={role.error} onRetry={role.reload} />
      {r && ctx && (
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            // The route's own tab choices decide what a key is.
            const next = rolesPage.read(new URLSearchParams({ tab: k })).tab;
            if (next) onTab(next);
          }}
          items={[
            {
              key: 'details',
              label: 'Details',
              children: (
                <RoleForm
                  initial={{ name: r.name, description: r.description }}
                  submitText="Save"
                  nameHelp="Renaming keeps assignments, but routes naming the old role stop matching it."
                  onSubmit={async (input) => {
                    await roleApi.update(realm, clientUuid, r.name, input);
                    notify.success(`Role ${input.name} saved`);
                    onChanged();
                    if (input.name !== r.name) onRenamed(input.name);
                    else role.reload();
                  }}
                />
              ),
            },
            {
              key: 'composites',
              label: 'Composites',
              children: (
                <CompositesTab
                  {...ctx}
                  onChanged={() => {
                    role.reload();
                    onChanged();
                  }}
                />
              ),
            },
            { key: 'users', label: 'Users in role', children: <RoleUsersTab {...ctx} /> },
            { key: 'groups', label: 'Groups in role', children: <RoleGroupsTab {...ctx} /> },
            { key: 'reach', label: 'Who has it', children: <RoleReachTab {...ctx} /> },
          ]}
        />
      )}
      {r && (
        <ConfirmDelete
          open={deleting}
          kind="role"
          name={r.name}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await roleApi.remove(realm, clientUuid, r.name, r.name);
            notify.success(`Role ${roleLabel(r)} deleted`);
            onChanged();
            onClose();
          }}
        >
          Every user, group and composite role holding it loses it.
        </ConfirmDelete>
      )}
    </Drawer>
  );
}
