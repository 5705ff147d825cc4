import {
  DeleteOutlined,
  ExportOutlined,
  ImportOutlined,
  PlusOutlined,
  ReloadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { DataTable } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { WriteButton } from '@/components/WriteButton';
import { notify } from '@/lib/notify';
import { realmApi, type RealmSummary } from './api';
import { CreateRealmModal } from './CreateRealmModal';
import { exportRealm, exportRealmWithUsers } from './exportRealm';
import { ImportRealmModal } from './ImportRealmModal';
import { toRealm } from './routes';
import { useActiveRealm } from './useActiveRealm';

export function RealmsPage() {
  const { realms, loading, error, reload } = useActiveRealm(undefined);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const navigate = useNavigate();

  return (
    <>
      <PageHeader
        title="Realms"
        subtitle="The realms of the active Keycloak: list them, edit their settings and export them."
        actions={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={reload}>
              Reload
            </Button>
            <WriteButton icon={<ImportOutlined aria-hidden />} onClick={() => setImporting(true)}>
              Import
            </WriteButton>
            <WriteButton type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              Create realm
            </WriteButton>
          </>
        }
      />
      <ReadOnlyBanner />
      <DataTable<RealmSummary>
        rowKey="name"
        rows={{ data: realms, loading, error, reload }}
        columns={[
          {
            title: 'Name',
            dataIndex: 'name',
            render: (name: string) => <Link to={toRealm(name)}>{name}</Link>,
          },
          { title: 'Display name', dataIndex: 'displayName' },
          {
            title: 'Status',
            dataIndex: 'enabled',
            render: (enabled: boolean) => (enabled ? <Tag color="green">Enabled</Tag> : <Tag>Disabled</Tag>),
          },
          {
            title: 'Actions',
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <Space>
                <Tooltip title="Export clients, groups and roles as JSON">
                  <Button size="small" icon={<ExportOutlined aria-hidden />} onClick={() => exportRealm(r.name)}>
                    Export
                  </Button>
                </Tooltip>
                <Popconfirm
                  title="Export with users?"
                  description="Users come with their groups, roles and linked accounts, never their passwords, OTP or passkeys: Keycloak does not hand credentials out. Imported users must set them again. The file names every user: keep it private."
                  okText="Export"
                  onConfirm={() => exportRealmWithUsers(r.name)}
                >
                  <Button
                    size="small"
                    icon={<UserOutlined aria-hidden />}
                    aria-label={`Export realm ${r.name} with users`}
                  >
                    With users
                  </Button>
                </Popconfirm>
                <WriteButton
                  size="small"
                  danger
                  icon={<DeleteOutlined aria-hidden />}
                  disabled={r.name === 'master'}
                  aria-label={`Delete realm ${r.name}`}
                  onClick={() => setDeleting(r.name)}
                />
              </Space>
            ),
          },
        ]}
      />
      <CreateRealmModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setCreating(false);
          notify.success(`Realm “${name}” created`);
          void navigate(toRealm(name));
        }}
      />
      <ImportRealmModal
        open={importing}
        realms={realms}
        onClose={() => setImporting(false)}
        onImported={() => reload()}
      />
      <ConfirmDelete
        open={deleting !== undefined}
        kind="realm"
        name={deleting ?? ''}
        success={`Realm “${deleting}” deleted`}
        onConfirm={async () => {
          await realmApi.remove(deleting!, deleting!);
          reload();
        }}
        onClose={() => setDeleting(undefined)}
      >
        Every user, client, group and role in it is deleted with it.
      </ConfirmDelete>
    </>
  );
}
