import { Modal, Segmented, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { createSearchParams, Link, useSearchParams } from 'react-router';
import { DataTable, type DataTableHandle, type PageQuery } from '@/components/DataTable';
import { RealmPageHeader } from '@/components/RealmPageHeader';
import { clientApi } from '@/features/clients/api';
import { ClientPicker } from '@/features/clients/ClientPicker';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { roleApi, roleDescription, tablePage, type RoleRef } from './api';
import { RoleDrawer } from './RoleDrawer';
import { RoleForm } from './RoleForm';
import { rolesPage, type RoleTab } from './routes';

export function RolesPage() {
  const [params, setParams] = useSearchParams();
  const active = useActiveRealm(params.get('realm') ?? undefined);
  const { realm } = active;
  const [kind, setKind] = useState<'realm' | 'client'>(params.get('client') ? 'client' : 'realm');
  const clientUuid = kind === 'client' ? (params.get('client') ?? undefined) : '';
  const roleName = params.get('role') ?? undefined;
  const tab = rolesPage.read(params).tab ?? 'details';
  const [creating, setCreating] = useState(false);
  const table = useRef<DataTableHandle>(null);
  // The chosen client by name, so that "Create role" says whose role it creates.
  const client = useLoader(
    () => (realm && clientUuid ? clientApi.get(realm, clientUuid) : Promise.resolve(undefined)),
    [realm, clientUuid],
  );
  const clientName = clientUuid ? client.data?.clientId : undefined;

  const paramsFor = (next: { client?: string; role?: string; tab?: RoleTab }) => {
    const q: Record<string, string> = {};
    if (realm) q.realm = realm;
    const c = next.client ?? (kind === 'client' ? clientUuid : undefined);
    if (c) q.client = c;
    if (next.role) q.role = next.role;
    if (next.role && next.tab) q.tab = next.tab;
    return q;
  };
  const go = (next: { client?: string; role?: string; tab?: RoleTab }) => setParams(paramsFor(next));

  const loader = async ({ first, max, search }: PageQuery) => {
    if (!realm || clientUuid === undefined) return { items: [], total: 0 };
    return tablePage(await roleApi.list(realm, clientUuid, search, first, max));
  };

  return (
    <>
      <RealmPageHeader
        title="Roles"
        subtitle="Realm roles and client roles: what they contain, and who holds them."
        active={active}
        create={{
          label: clientName ? `Create role in ${clientName}` : 'Create role',
          onClick: () => setCreating(true),
          disabled: clientUuid === undefined,
        }}
      >
        <Segmented
          aria-label="Role kind"
          value={kind}
          onChange={(v) => {
            setKind(v as 'realm' | 'client');
            setParams(realm ? { realm } : {});
          }}
          options={[
            { value: 'realm', label: 'Realm roles' },
            { value: 'client', label: 'Client roles' },
          ]}
        />
        {kind === 'client' && realm && (
          <span style={{ marginLeft: 12 }}>
            <ClientPicker realm={realm} value={clientUuid} onChange={(id) => go({ client: id })} />
          </span>
        )}
      </RealmPageHeader>
      {realm && clientUuid !== undefined && (
        <DataTable<RoleRef>
          ref={table}
          loader={loader}
          deps={[realm, clientUuid]}
          rowKey="id"
          searchPlaceholder="Search role names"
          columns={[
            {
              title: 'Name',
              dataIndex: 'name',
              // A real link (with an href), so the keyboard reaches it and Enter opens the role.
              render: (name: string) => (
                <Link to={{ search: `?${createSearchParams(paramsFor({ role: name, tab: 'details' }))}` }}>{name}</Link>
              ),
            },
            { title: 'Description', dataIndex: 'description', render: (d: string) => roleDescription(d) },
            {
              title: 'Kind',
              key: 'kind',
              render: (_: unknown, r: RoleRef) => (r.composite ? <Tag>composite</Tag> : null),
            },
          ]}
          emptyText={kind === 'client' ? 'This client has no roles.' : 'No roles.'}
        />
      )}
      {realm && kind === 'client' && !clientUuid && (
        <Typography.Paragraph type="secondary">Choose a client to see its roles.</Typography.Paragraph>
      )}
      {realm && clientUuid !== undefined && (
        <>
          <RoleDrawer
            realm={realm}
            clientUuid={clientUuid}
            name={roleName}
            tab={tab}
            onTab={(t) => go({ role: roleName, tab: t })}
            onClose={() => go({})}
            onRenamed={(n) => go({ role: n, tab })}
            onChanged={() => table.current?.reload()}
          />
          <Modal
            open={creating}
            title={clientName ? `Create a role of client “${clientName}”` : 'Create a realm role'}
            footer={null}
            onCancel={() => setCreating(false)}
            destroyOnHidden
          >
            <RoleForm
              initial={{ name: '', description: '' }}
              submitText="Create"
              onCancel={() => setCreating(false)}
              onSubmit={async (input) => {
                const r = await roleApi.create(realm, clientUuid, input);
                notify.success(clientName ? `Role ${r.name} of ${clientName} created` : `Realm role ${r.name} created`);
                setCreating(false);
                table.current?.reload();
                go({ role: r.name, tab: 'details' });
              }}
            />
          </Modal>
        </>
      )}
    </>
  );
}
