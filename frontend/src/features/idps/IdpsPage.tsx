import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { actionsColumn } from '@/components/columns';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { DataTable } from '@/components/DataTable';
import { RealmPageHeader } from '@/components/RealmPageHeader';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { useLoader } from '@/lib/useLoader';
import { idpApi, isOIDC, type IdentityProvider } from './api';
import { ProviderDrawer } from './ProviderDrawer';
import { idpsPage } from './routes';

export function IdpsPage() {
  const [params] = useSearchParams();
  const active = useActiveRealm(idpsPage.read(params).realm);
  const { realm } = active;
  const readOnly = useReadOnly();
  const list = useLoader(() => (realm ? idpApi.list(realm) : Promise.resolve([])), [realm]);
  const [editing, setEditing] = useState<IdentityProvider | 'new'>();
  const [deleting, setDeleting] = useState<string>();

  return (
    <>
      <RealmPageHeader
        title="Identity providers"
        subtitle="Other identity providers (OIDC, SAML) whose users sign in to the realm, and how their claims map onto users."
        active={active}
        onReload={list.reload}
        create={{ label: 'Add provider', onClick: () => setEditing('new') }}
      />
      <DataTable<IdentityProvider>
        rows={list}
        rowKey="alias"
        label="Identity providers"
        emptyText="No identity providers: users sign in with the realm’s own accounts only."
        columns={[
          { title: 'Alias', dataIndex: 'alias' },
          { title: 'Display name', dataIndex: 'displayName' },
          { title: 'Type', dataIndex: 'providerId', render: (t: string) => <Tag>{t}</Tag> },
          {
            title: 'Status',
            dataIndex: 'enabled',
            render: (enabled: boolean) => (enabled ? <Tag color="green">Enabled</Tag> : <Tag>Disabled</Tag>),
          },
          {
            title: 'Client secret',
            key: 'secret',
            render: (_, p) => (isOIDC(p.providerId) ? (p.clientSecretSet ? 'set' : 'not set') : '—'),
          },
          actionsColumn((p) => (
            <Space>
              <Button
                size="small"
                icon={<EditOutlined aria-hidden />}
                aria-label={`Edit ${p.alias}`}
                onClick={() => setEditing(p)}
              >
                {readOnly ? 'View' : 'Edit'}
              </Button>
              <Button
                size="small"
                danger
                icon={<DeleteOutlined aria-hidden />}
                disabled={readOnly}
                aria-label={`Delete ${p.alias}`}
                onClick={() => setDeleting(p.alias)}
              />
            </Space>
          )),
        ]}
      />
      {realm && editing && (
        <ProviderDrawer
          realm={realm}
          provider={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      )}
      <ConfirmDelete
        open={deleting !== undefined}
        kind="identity provider"
        name={deleting ?? ''}
        success={`Identity provider “${deleting}” deleted`}
        onConfirm={async () => {
          await idpApi.remove(realm!, deleting!, deleting!);
          list.reload();
        }}
        onClose={() => setDeleting(undefined)}
      >
        Users linked to it keep their accounts but can no longer sign in through it, and its mappers go with it.
      </ConfirmDelete>
    </>
  );
}
