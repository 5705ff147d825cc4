import { PlusOutlined } from '@ant-design/icons';
import { Card, Flex, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { DependencyList, ReactNode } from 'react';
import { DataTable } from '@/components/DataTable';
import { DialogButton, type DialogProps } from '@/components/DialogButton';
import { ErrorAlert } from '@/components/ErrorAlert';
import { removeColumn } from '@/components/RemoveButton';
import { PickModal } from '@/components/PickModal';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { roleDescription, roleLabel, type RoleRef } from './api';
import type { HolderRoleApi, RoleMappings } from './holderRoleApi';

/** How the panel reads and changes the mappings of one holder. */
export interface RoleMappingsSource {
  load: () => Promise<RoleMappings>;
  availableRealm: () => Promise<RoleRef[]>;
  availableClient: (search: string) => Promise<RoleRef[]>;
  assignRealm: (names: string[]) => Promise<void>;
  removeRealm: (names: string[]) => Promise<void>;
  assignClient: (clientUuid: string, names: string[]) => Promise<void>;
  removeClient: (clientUuid: string, names: string[]) => Promise<void>;
}

/** The role mappings of one holder (a user, a group) through its service's calls. */
export function holderRoleSource(api: HolderRoleApi, realm: string, id: string): RoleMappingsSource {
  return {
    load: () => api.roles(realm, id),
    availableRealm: () => api.availableRealmRoles(realm, id),
    availableClient: (search) => api.availableClientRoles(realm, id, search),
    assignRealm: (names) => api.assignRealmRoles(realm, id, names),
    removeRealm: (names) => api.removeRealmRoles(realm, id, names),
    assignClient: (clientUuid, names) => api.assignClientRoles(realm, id, clientUuid, names),
    removeClient: (clientUuid, names) => api.removeClientRoles(realm, id, clientUuid, names),
  };
}

export interface RoleMappingsPanelProps {
  source: RoleMappingsSource;
  /** Reload when these change, e.g. [realm, groupId]. */
  deps: DependencyList;
  /** Says where inherited roles come from: "parent groups and composite roles". */
  inheritedFrom: string;
  /** Replaces the whole note above the inherited roles, when inheritedFrom does not read well. */
  inheritedNote?: string;
  inheritedTitle?: string;
  /** Names a role in notices and Remove buttons. */
  label?: (r: RoleRef) => string;
  /** Names a role in the Assign picker. */
  optionLabel?: (r: RoleRef) => string;
  /** Ask before removing a role (a group's roles reach all its members). */
  confirmRemove?: boolean;
  /** Says where a role comes from, in a "From" column of both tables; none when left out. */
  sourceOf?: (r: RoleRef) => ReactNode;
  cardSize?: 'small' | 'default';
}

/** Assigned roles with Remove, an Assign dialog, and the effective roles below. */
export function RoleMappingsPanel({
  source,
  deps,
  inheritedFrom,
  inheritedNote,
  inheritedTitle = 'Inherited roles',
  label = roleLabel,
  optionLabel = roleLabel,
  confirmRemove = true,
  cardSize = 'small',
  sourceOf,
}: RoleMappingsPanelProps) {
  const roles = useLoader(() => source.load(), deps);
  const data = roles.data;
  const direct = [...(data?.realm ?? []), ...(data?.client ?? [])];
  const directIds = new Set(direct.map((r) => r.id));
  const inherited = [...(data?.effectiveRealm ?? []), ...(data?.effectiveClient ?? [])].filter(
    (r) => !directIds.has(r.id),
  );

  const columns = (removable: boolean): TableColumnsType<RoleRef> => [
    {
      title: 'Role',
      key: 'name',
      render: (_: unknown, r: RoleRef) => <RoleTag role={r} />,
    },
    { title: 'Description', dataIndex: 'description', render: (d: string) => roleDescription(d) },
    ...(sourceOf ? [{ title: 'From', key: 'source', render: (_: unknown, r: RoleRef) => sourceOf(r) }] : []),
    ...(removable
      ? [
          removeColumn<RoleRef>((r) => ({
            label: `Remove role ${label(r)}`,
            text: 'Remove',
            confirm: confirmRemove ? `Remove role “${label(r)}”?` : undefined,
            success: `Role “${label(r)}” removed`,
            action: () => (r.clientUuid ? source.removeClient(r.clientUuid, [r.name]) : source.removeRealm([r.name])),
            onDone: roles.reload,
          })),
        ]
      : []),
  ];

  // The assigned roles (with Remove) and the inherited ones, both from the one load.
  const table = (rows: RoleRef[], removable: boolean, emptyText: string) => (
    <DataTable<RoleRef>
      rows={{ data: rows, loading: roles.loading }}
      rowKey="id"
      columns={columns(removable)}
      emptyText={emptyText}
    />
  );

  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={roles.error} onRetry={roles.reload} />
      <Card
        size={cardSize}
        title="Assigned roles"
        extra={
          <DialogButton
            icon={<PlusOutlined aria-hidden />}
            type="primary"
            onDone={roles.reload}
            dialog={(d) => <AssignRolesModal source={source} label={label} optionLabel={optionLabel} {...d} />}
          >
            Assign role
          </DialogButton>
        }
      >
        {table(direct, true, 'No roles assigned directly.')}
      </Card>
      <Card size={cardSize} title={inheritedTitle}>
        <Typography.Paragraph type="secondary">
          {inheritedNote ?? `These come from ${inheritedFrom}; change them there.`}
        </Typography.Paragraph>
        {table(inherited, false, 'No inherited roles.')}
      </Card>
    </Flex>
  );
}

/** A role as a tag: the client (or "realm") and the name. */
export function RoleTag({ role }: { role: RoleRef }) {
  return (
    <Space size={6}>
      {role.clientId ? <Tag color="blue">{role.clientId}</Tag> : <Tag>realm</Tag>}
      <span>{role.name}</span>
      {role.composite && <Tag>composite</Tag>}
    </Space>
  );
}

function AssignRolesModal({
  source,
  label,
  optionLabel,
  open,
  onClose,
  onDone,
}: DialogProps & {
  source: RoleMappingsSource;
  label: (r: RoleRef) => string;
  optionLabel: (r: RoleRef) => string;
}) {
  async function available(search: string) {
    const [realmRoles, clientRoles] = await Promise.all([source.availableRealm(), source.availableClient(search)]);
    return [...realmRoles, ...clientRoles];
  }

  async function assign(chosen: RoleRef[]) {
    const realmNames = chosen.filter((r) => !r.clientUuid).map((r) => r.name);
    if (realmNames.length) await source.assignRealm(realmNames);
    const perClient = new Map<string, string[]>();
    for (const r of chosen.filter((c) => c.clientUuid)) {
      perClient.set(r.clientUuid, [...(perClient.get(r.clientUuid) ?? []), r.name]);
    }
    for (const [clientUuid, names] of perClient) await source.assignClient(clientUuid, names);
    notify.success(chosen.length === 1 ? `Role “${label(chosen[0])}” assigned` : `${chosen.length} roles assigned`);
    onDone();
  }

  return (
    <PickModal
      open={open}
      title="Assign roles"
      okText="Assign"
      label="Roles to assign"
      placeholder="Choose realm or client roles"
      find={available}
      option={(r) => ({ value: r.id, label: optionLabel(r) })}
      filterLocally
      onSubmit={assign}
      onClose={onClose}
    />
  );
}
