import { Space, Tag, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DataTable, type DataTableHandle, type PageQuery } from '@/components/DataTable';
import { RealmPageHeader } from '@/components/RealmPageHeader';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { tablePage } from '@/features/roles/api';
import { accessType, clientApi, type OIDCClient } from './api';
import { CreateClientWizard } from './CreateClientWizard';
import { clientsPage, toClient } from './routes';
import { keycloakText } from '@/lib/keycloakText';

export function ClientsPage() {
  const [params] = useSearchParams();
  const active = useActiveRealm(clientsPage.read(params).realm);
  const { realm } = active;
  const [creating, setCreating] = useState(false);
  const table = useRef<DataTableHandle>(null);
  const navigate = useNavigate();

  const loader = async ({ first, max, search }: PageQuery) => {
    if (!realm) return { items: [], total: 0 };
    return tablePage(await clientApi.list(realm, search, first, max));
  };

  return (
    <>
      <RealmPageHeader
        title="Clients"
        subtitle="The applications of a realm that get tokens: their access type, flows, URLs, secret and service account."
        active={active}
        create={{ label: 'Create client', onClick: () => setCreating(true) }}
      />
      {realm && (
        <DataTable<OIDCClient>
          ref={table}
          loader={loader}
          deps={[realm]}
          rowKey="id"
          searchPlaceholder="Search client IDs"
          columns={[
            {
              title: 'Client ID',
              dataIndex: 'clientId',
              render: (clientId: string, c) => <Link to={toClient({ realm, id: c.id })}>{clientId}</Link>,
            },
            { title: 'Name', dataIndex: 'name', render: (n: string) => keycloakText(n) },
            {
              title: 'Type',
              key: 'type',
              render: (_: unknown, c) =>
                c.protocol !== 'openid-connect' ? (
                  <Tag>{c.protocol}</Tag>
                ) : (
                  <Tag color={accessType(c) === 'public' ? 'blue' : 'gold'}>{accessType(c)}</Tag>
                ),
            },
            {
              title: 'Flows',
              key: 'flows',
              render: (_: unknown, c) => (
                <Space size={4} wrap>
                  {c.standardFlow && <Tag>standard</Tag>}
                  {c.directAccessGrants && <Tag>direct grants</Tag>}
                  {c.serviceAccount && <Tag>service account</Tag>}
                </Space>
              ),
            },
            {
              title: 'Status',
              key: 'status',
              render: (_: unknown, c) => (
                <Space size={4}>
                  {c.enabled ? <Tag color="green">Enabled</Tag> : <Tag color="red">Disabled</Tag>}
                  {c.builtIn && (
                    <Tooltip title="Created by Keycloak itself; it cannot be deleted here.">
                      <Tag>built-in</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
          ]}
          emptyText="No clients."
        />
      )}
      {realm && (
        <CreateClientWizard
          realm={realm}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={() => table.current?.reload()}
          onOpen={(c) => {
            setCreating(false);
            void navigate(toClient({ realm, id: c.id }));
          }}
        />
      )}
    </>
  );
}
