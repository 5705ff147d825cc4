import { PlusOutlined } from '@ant-design/icons';
import { Card, Flex, Segmented, Select, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { removeColumn } from '@/components/RemoveButton';
import { SubmitModal } from '@/components/SubmitModal';
import { WriteButton } from '@/components/WriteButton';
import { ClientPicker } from '@/features/clients/ClientPicker';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { roleApi, roleDescription, roleLabel, type RoleRef } from './api';
import { RoleTag } from './RoleMappingsPanel';

export interface CompositesTabProps {
  realm: string;
  clientUuid: string;
  role: RoleRef;
  /** Called after the composites changed (the role may have become composite or plain). */
  onChanged: () => void;
}

/** The roles a role contains: direct ones with add and remove, and everything it gives in the end. */
export function CompositesTab({ realm, clientUuid, role, onChanged }: CompositesTabProps) {
  const composites = useLoader(async () => {
    const [direct, effective] = await Promise.all([
      roleApi.composites(realm, clientUuid, role.name),
      roleApi.effectiveComposites(realm, clientUuid, role.name),
    ]);
    return { direct, effective };
  }, [realm, clientUuid, role.name]);
  const [adding, setAdding] = useState(false);

  const columns: TableColumnsType<RoleRef> = [
    { title: 'Role', key: 'role', render: (_: unknown, r: RoleRef) => <RoleTag role={r} /> },
    { title: 'Description', dataIndex: 'description', render: (d: string) => roleDescription(d) },
  ];

  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={composites.error} onRetry={composites.reload} />
      <Card
        size="small"
        title="Contains directly"
        extra={
          <WriteButton icon={<PlusOutlined aria-hidden />} type="primary" size="small" onClick={() => setAdding(true)}>
            Add roles
          </WriteButton>
        }
      >
        <Typography.Paragraph type="secondary">
          Whoever holds {roleLabel(role)} also holds these roles, and the roles they contain.
        </Typography.Paragraph>
        <DataTable<RoleRef>
          rowKey="id"
          rows={{ data: composites.data?.direct, loading: composites.loading }}
          emptyText="A plain role: it contains no other role."
          columns={[
            ...columns,
            removeColumn((r) => ({
              label: `Remove composite ${roleLabel(r)}`,
              text: 'Remove',
              confirm: `Take ${roleLabel(r)} out of ${roleLabel(role)}?`,
              success: `${roleLabel(role)} no longer contains ${roleLabel(r)}`,
              action: () => roleApi.removeComposites(realm, clientUuid, role.name, [r]),
              onDone: () => {
                composites.reload();
                onChanged();
              },
            })),
          ]}
        />
      </Card>
      <Card size="small" title="Effective: every role it gives">
        <DataTable<RoleRef>
          rowKey="id"
          rows={{ data: composites.data?.effective, loading: composites.loading }}
          emptyText="It gives no other role."
          columns={columns}
        />
      </Card>
      <AddCompositesModal
        realm={realm}
        exclude={new Set([role.id, ...(composites.data?.direct ?? []).map((r) => r.id)])}
        open={adding}
        onClose={() => setAdding(false)}
        onAdd={async (roles) => {
          await roleApi.addComposites(realm, clientUuid, role.name, roles);
          notify.success(
            roles.length === 1
              ? `${roleLabel(role)} now contains ${roleLabel(roles[0])}`
              : `${roles.length} roles added`,
          );
          setAdding(false);
          composites.reload();
          onChanged();
        }}
      />
    </Flex>
  );
}

function AddCompositesModal({
  realm,
  exclude,
  open,
  onClose,
  onAdd,
}: {
  realm: string;
  exclude: Set<string>;
  open: boolean;
  onClose: () => void;
  onAdd: (roles: RoleRef[]) => Promise<void>;
}) {
  const [kind, setKind] = useState<'realm' | 'client'>('realm');
  const [clientUuid, setClientUuid] = useState<string>();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<RoleRef[]>([]);
  const container = kind === 'realm' ? '' : clientUuid;
  const candidates = useLoader(
    () => roleApi.list(realm, container ?? '', search, 0, 100),
    [realm, container, search, open],
    {
      enabled: open && container !== undefined,
    },
  );
  const options = (candidates.data?.items ?? []).filter((r) => !exclude.has(r.id));

  async function add() {
    await onAdd(selected);
    setSelected([]);
  }

  return (
    <SubmitModal
      open={open}
      title="Add roles to the composite"
      okText="Add"
      canSubmit={selected.length > 0}
      onSubmit={add}
      onClose={onClose}
      loadError={candidates.error}
    >
      <Flex vertical gap={8}>
        <Space wrap>
          <Segmented
            aria-label="Role kind"
            value={kind}
            onChange={(v) => setKind(v === 'client' ? 'client' : 'realm')}
            options={[
              { value: 'realm', label: 'Realm roles' },
              { value: 'client', label: 'Client roles' },
            ]}
          />
          {kind === 'client' && <ClientPicker realm={realm} value={clientUuid} onChange={(id) => setClientUuid(id)} />}
        </Space>
        <Select
          mode="multiple"
          aria-label="Roles to add"
          style={{ width: '100%' }}
          placeholder={kind === 'client' && !clientUuid ? 'Choose a client first' : 'Choose roles'}
          disabled={kind === 'client' && !clientUuid}
          loading={candidates.loading}
          labelInValue
          value={selected.map((r) => ({ value: r.id, label: roleLabel(r) }))}
          onChange={(vals: { value: string }[]) => {
            const all = new Map([...selected, ...options].map((r) => [r.id, r]));
            setSelected(vals.map((v) => all.get(v.value)).filter((r): r is RoleRef => !!r));
          }}
          showSearch={{ onSearch: setSearch, filterOption: false }}
          options={options.map((r) => ({ value: r.id, label: roleLabel(r) }))}
        />
      </Flex>
    </SubmitModal>
  );
}
