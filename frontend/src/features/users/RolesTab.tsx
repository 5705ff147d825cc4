import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { userApi, type RoleRef } from './api';

export interface RolesTabProps {
  realm: string;
  id: string;
  readOnly: boolean;
}

const roleName = (r: RoleRef) => (r.clientId ? `${r.clientId} ${r.name}` : r.name);

export function RolesTab({ realm, id, readOnly }: RolesTabProps) {
  const roles = useLoader(() => userApi.roles(realm, id), [realm, id]);
  const [assigning, setAssigning] = useState(false);
  const data = roles.data;
  const direct = [...(data?.realm ?? []), ...(data?.client ?? [])];
  const directIds = new Set(direct.map((r) => r.id));
  const inherited = [...(data?.effectiveRealm ?? []), ...(data?.effectiveClient ?? [])].filter(
    (r) => !directIds.has(r.id),
  );

  async function remove(r: RoleRef) {
    try {
      if (r.clientId) await userApi.removeClientRoles(realm, id, r.clientUuid, [r.name]);
      else await userApi.removeRealmRoles(realm, id, [r.name]);
      notify.success(`Role “${roleName(r)}” removed`);
      roles.reload();
    } catch (err) {
      notify.error(err);
    }
  }

  const columns = (removable: boolean) => [
    {
      title: 'Role',
      key: 'name',
      render: (_: unknown, r: RoleRef) => (
        <Space size={6}>
          {r.clientId ? <Tag color="blue">{r.clientId}</Tag> : <Tag>realm</Tag>}
          <span>{r.name}</span>
          {r.composite && <Tag>composite</Tag>}
        </Space>
      ),
    },
    { title: 'Description', dataIndex: 'description', render: (d: string) => (d?.startsWith('${') ? '' : d) },
    ...(removable
      ? [
          {
            title: '',
            key: 'actions',
            align: 'right' as const,
            render: (_: unknown, r: RoleRef) => (
              <Button
                size="small"
                danger
                disabled={readOnly}
                onClick={() => remove(r)}
                aria-label={`Remove role ${roleName(r)}`}
              >
                Remove
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={roles.error} onRetry={roles.reload} />
      <Card
        title="Assigned roles"
        extra={
          <Button
            icon={<PlusOutlined aria-hidden />}
            type="primary"
            disabled={readOnly}
            onClick={() => setAssigning(true)}
          >
            Assign role
          </Button>
        }
      >
        <Table<RoleRef>
          size="small"
          rowKey="id"
          loading={roles.loading}
          dataSource={direct}
          pagination={false}
          columns={columns(true)}
          locale={{ emptyText: 'No roles assigned directly.' }}
        />
      </Card>
      <Card title="Effective roles, also from groups and composite roles">
        <Typography.Paragraph type="secondary">
          These come with the user's groups or with composite roles; remove them there.
        </Typography.Paragraph>
        <Table<RoleRef>
          size="small"
          rowKey="id"
          loading={roles.loading}
          dataSource={inherited}
          pagination={false}
          columns={columns(false)}
          locale={{ emptyText: 'No inherited roles.' }}
        />
      </Card>
      <AssignRoleModal
        realm={realm}
        id={id}
        open={assigning}
        onClose={() => setAssigning(false)}
        onAssigned={() => {
          setAssigning(false);
          roles.reload();
        }}
      />
    </Flex>
  );
}

function AssignRoleModal({
  realm,
  id,
  open,
  onClose,
  onAssigned,
}: {
  realm: string;
  id: string;
  open: boolean;
  onClose: () => void;
  onAssigned: () => void;
}) {
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const available = useLoader(
    async () => {
      const [realmRoles, clientRoles] = await Promise.all([
        userApi.availableRealmRoles(realm, id),
        userApi.availableClientRoles(realm, id, search),
      ]);
      return [...realmRoles, ...clientRoles];
    },
    [realm, id, search, open],
    { enabled: open },
  );
  const byId = new Map((available.data ?? []).map((r) => [r.id, r]));

  async function assign() {
    setBusy(true);
    setError(undefined);
    try {
      const chosen = selected.map((s) => byId.get(s)).filter((r): r is RoleRef => !!r);
      const realmNames = chosen.filter((r) => !r.clientId).map((r) => r.name);
      if (realmNames.length) await userApi.assignRealmRoles(realm, id, realmNames);
      const perClient = new Map<string, string[]>();
      for (const r of chosen.filter((c) => c.clientId)) {
        perClient.set(r.clientUuid, [...(perClient.get(r.clientUuid) ?? []), r.name]);
      }
      for (const [clientUuid, names] of perClient) await userApi.assignClientRoles(realm, id, clientUuid, names);
      notify.success(
        chosen.length === 1 ? `Role “${roleName(chosen[0])}” assigned` : `${chosen.length} roles assigned`,
      );
      setSelected([]);
      onAssigned();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Assign roles"
      okText="Assign"
      okButtonProps={{ loading: busy, disabled: selected.length === 0 }}
      onOk={assign}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? available.error} />
      <Select
        mode="multiple"
        aria-label="Roles to assign"
        style={{ width: '100%' }}
        placeholder="Choose realm or client roles"
        loading={available.loading}
        value={selected}
        onChange={setSelected}
        showSearch
        onSearch={setSearch}
        filterOption={(input, option) =>
          String(option?.label ?? '')
            .toLowerCase()
            .includes(input.toLowerCase())
        }
        options={(available.data ?? []).map((r) => ({
          value: r.id,
          label: r.clientId ? `${r.clientId}: ${r.name}` : r.name,
        }))}
      />
    </Modal>
  );
}
