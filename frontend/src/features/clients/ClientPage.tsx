import { DeleteOutlined } from '@ant-design/icons';
import { Button, Skeleton, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { useLoader } from '@/lib/useLoader';
import { accessType, clientApi } from './api';
import { CredentialsTab } from './CredentialsTab';
import { clientTabs, toClient, toClients, type ClientTab } from './routes';
import { ScopesTab } from './ScopesTab';
import { ServiceAccountTab } from './ServiceAccountTab';
import { SettingsTab } from './SettingsTab';

export function ClientPage() {
  const { realm = '', id = '', tab = 'settings' } = useParams();
  // The realm in the address becomes the profile's chosen realm, as on the list.
  useActiveRealm(realm);
  const readOnly = useReadOnly();
  const client = useLoader(() => clientApi.get(realm, id), [realm, id]);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const c = client.data;

  const body = (key: ClientTab) => {
    if (!c) return null;
    switch (key) {
      case 'settings':
        return <SettingsTab realm={realm} client={c} onSaved={client.reload} />;
      case 'credentials':
        return <CredentialsTab realm={realm} client={c} />;
      case 'service-account':
        return <ServiceAccountTab realm={realm} client={c} />;
      case 'scopes':
        return <ScopesTab realm={realm} client={c} />;
    }
  };

  return (
    <>
      <PageHeader
        title={c ? c.clientId : 'Client'}
        subtitle={
          <>
            <Link to={toClients(realm)}>Clients</Link> of realm {realm}
          </>
        }
        actions={
          c && (
            <Button
              danger
              icon={<DeleteOutlined aria-hidden />}
              disabled={readOnly || c.builtIn}
              title={c.builtIn ? 'Built-in clients cannot be deleted here' : undefined}
              onClick={() => setDeleting(true)}
            >
              Delete
            </Button>
          )
        }
      >
        {c && (
          <Space size={4}>
            <Tag color={accessType(c) === 'public' ? 'blue' : 'gold'}>{accessType(c)}</Tag>
            {c.enabled ? <Tag color="green">Enabled</Tag> : <Tag color="red">Disabled</Tag>}
            {c.builtIn && <Tag>built-in</Tag>}
          </Space>
        )}
      </PageHeader>
      <ReadOnlyBanner />
      <ErrorAlert error={client.error} onRetry={client.reload} />
      {!c && client.loading && <Skeleton active />}
      {c && (
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(toClient({ realm, id, tab: clientTabs.find((t) => t === k) }))}
          items={[
            { key: 'settings', label: 'Settings', children: body('settings') },
            { key: 'credentials', label: 'Credentials', children: body('credentials') },
            { key: 'service-account', label: 'Service account', children: body('service-account') },
            { key: 'scopes', label: 'Scopes and claims', children: body('scopes') },
          ]}
        />
      )}
      {c && (
        <ConfirmDelete
          open={deleting}
          kind="client"
          name={c.clientId}
          success={`Client ${c.clientId} deleted`}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await clientApi.remove(realm, c.id, c.clientId);
            void navigate(toClients(realm));
          }}
        >
          Its roles, mappers and service account go with it. Tokens it already issued stay valid until they expire.
        </ConfirmDelete>
      )}
    </>
  );
}
