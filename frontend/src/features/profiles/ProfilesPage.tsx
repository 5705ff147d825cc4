import {
  ApiOutlined,
  CopyOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  LockOutlined,
  PlusOutlined,
  SwapOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Flex, Modal, Space, Spin, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { DataTable, type DataTableHandle, type PageQuery } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { refreshActive, useActiveProfile } from './activeProfile';
import { failedConnection, profilesApi, secretStoreLabel, type ConnectionResult, type Profile } from './api';
import { ConnectionResultView } from './ConnectionResultView';
import { DuplicateModal } from './DuplicateModal';
import { ExportModal } from './ExportModal';
import { ImportModal } from './ImportModal';
import { ColorSwatch, KindTag } from './ProfileBits';
import { ProfileForm } from './ProfileForm';
import { useSwitchProfile } from './useSwitchProfile';

type Dialog =
  | { kind: 'form'; profile?: Profile }
  | { kind: 'delete'; profile: Profile }
  | { kind: 'duplicate'; profile: Profile }
  | { kind: 'test'; profile: Profile; result?: ConnectionResult }
  | { kind: 'export' }
  | { kind: 'import' }
  | undefined;

type RowActionKind = 'use' | 'edit' | 'test' | 'duplicate' | 'delete';

/** A profile row's buttons, in order: the tooltip, the verb its accessible name starts with ("Edit Staging"), the icon. */
const rowActions: { kind: RowActionKind; title: string; verb: string; icon: ReactNode; danger?: boolean }[] = [
  { kind: 'use', title: 'Switch to this profile', verb: 'Use', icon: <SwapOutlined aria-hidden /> },
  { kind: 'edit', title: 'Edit', verb: 'Edit', icon: <EditOutlined aria-hidden /> },
  { kind: 'test', title: 'Test connection', verb: 'Test', icon: <ApiOutlined aria-hidden /> },
  { kind: 'duplicate', title: 'Duplicate', verb: 'Duplicate', icon: <CopyOutlined aria-hidden /> },
  { kind: 'delete', title: 'Delete', verb: 'Delete', icon: <DeleteOutlined aria-hidden />, danger: true },
];

/** Profiles: every Keycloak environment with its colour, kind, login and where its secret is kept. */
export function ProfilesPage() {
  const table = useRef<DataTableHandle>(null);
  const [dialog, setDialog] = useState<Dialog>(undefined);
  const { profile: active } = useActiveProfile();
  const store = useLoader(() => profilesApi.secretStore(), []);
  const switchTo = useSwitchProfile();

  async function load({ first, max, search }: PageQuery) {
    const all = await profilesApi.list();
    const q = search.toLowerCase();
    const hits = q
      ? all.filter((p) =>
          [p.name, p.kind, p.keycloakUrl, p.username, p.clientId].some((f) => f.toLowerCase().includes(q)),
        )
      : all;
    return { items: hits.slice(first, first + max), total: hits.length };
  }

  const reload = () => table.current?.reload();

  function act(kind: RowActionKind, p: Profile) {
    if (kind === 'use') void activate(p);
    else if (kind === 'test') void test(p);
    else setDialog({ kind: kind === 'edit' ? 'form' : kind, profile: p });
  }

  async function test(p: Profile) {
    setDialog({ kind: 'test', profile: p });
    const result = await profilesApi.testConnection(p.id).catch(failedConnection);
    setDialog((d) => (d?.kind === 'test' && d.profile.id === p.id ? { ...d, result } : d));
  }

  async function activate(p: Profile) {
    try {
      if (!(await switchTo(p))) return;
      notify.success(`Switched to ${p.name}.`);
      reload();
    } catch (err) {
      notify.error(err);
    }
  }

  const columns: TableColumnsType<Profile> = [
    {
      title: 'Name',
      key: 'name',
      // A fixed width: the table's layout is fixed (the URL's ellipsis), and without one a narrow
      // window squeezed the name to a letter a line.
      width: 200,
      render: (_, p) => (
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <ColorSwatch color={p.color} size={12} />
          <Typography.Text strong ellipsis={{ tooltip: p.name }} style={{ minWidth: 0 }}>
            {p.name}
          </Typography.Text>
          {p.id === active?.id && <Tag color="processing">active</Tag>}
        </Flex>
      ),
    },
    { title: 'Kind', key: 'kind', width: 90, render: (_, p) => <KindTag kind={p.kind} /> },
    {
      title: 'Keycloak',
      dataIndex: 'keycloakUrl',
      key: 'url',
      width: 220,
      ellipsis: { showTitle: false },
      render: (url: string) => (
        <Typography.Text ellipsis={{ tooltip: url }} style={{ maxWidth: '100%' }}>
          {url}
        </Typography.Text>
      ),
    },
    {
      title: 'Login',
      key: 'login',
      ellipsis: { showTitle: false },
      render: (_, p) => {
        const login = (p.authMethod === 'client' ? `client ${p.clientId}` : p.username) + ` @ ${p.adminRealm}`;
        return (
          <Typography.Text ellipsis={{ tooltip: login }} style={{ maxWidth: '100%' }}>
            {login}
          </Typography.Text>
        );
      },
    },
    {
      title: 'Access',
      key: 'access',
      width: 120,
      render: (_, p) =>
        p.readOnly ? (
          <Tag icon={<LockOutlined aria-hidden />} color="warning">
            read-only
          </Tag>
        ) : (
          <Tag>read-write</Tag>
        ),
    },
    {
      title: 'Secret',
      key: 'secret',
      width: 130,
      render: (_, p) => (
        <Typography.Text type={p.secretStore ? undefined : 'warning'}>
          {secretStoreLabel(p.secretStore)}
        </Typography.Text>
      ),
    },
    {
      title: 'Actions',
      key: 'actions',
      align: 'right',
      // The ellipsis on the URL makes the table's layout fixed: without a width, the five
      // buttons got an equal share of the row and the last one was cut off.
      width: 190,
      render: (_, p) => (
        <Space size={0}>
          {rowActions.map((a) => (
            <RowAction
              key={a.kind}
              title={a.title}
              icon={a.icon}
              label={`${a.verb} ${p.name}`}
              danger={a.danger}
              disabled={a.kind === 'use' && p.id === active?.id}
              onClick={() => act(a.kind, p)}
            />
          ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Profiles"
        subtitle={
          <>
            Connections to Keycloak environments. New secrets are kept in:{' '}
            {store.data ? (
              <Tooltip title={store.data.reason + (store.data.keyFile ? ` Key file: ${store.data.keyFile}` : '')}>
                <Typography.Text strong>{secretStoreLabel(store.data.active)}</Typography.Text>
              </Tooltip>
            ) : (
              <Spin size="small" />
            )}
          </>
        }
        actions={
          <>
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => setDialog({ kind: 'import' })}>
              Import…
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => setDialog({ kind: 'export' })}>
              Export…
            </Button>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog({ kind: 'form' })}>
              New profile
            </Button>
          </>
        }
      />
      <DataTable<Profile>
        ref={table}
        loader={load}
        columns={columns}
        rowKey="id"
        searchPlaceholder="Search profiles"
        emptyText="No profiles yet: create one."
        // Below this width the table scrolls sideways instead of squeezing its columns.
        tableProps={{ scroll: { x: 1000 } }}
      />

      <ProfileForm
        open={dialog?.kind === 'form'}
        profile={dialog?.kind === 'form' ? dialog.profile : undefined}
        onClose={() => setDialog(undefined)}
        onSaved={(p) => {
          setDialog(undefined);
          notify.success(`Saved profile ${p.name}.`);
          reload();
          if (p.id === active?.id) void refreshActive();
        }}
      />
      <ConfirmDelete
        open={dialog?.kind === 'delete'}
        kind="profile"
        name={dialog?.kind === 'delete' ? dialog.profile.name : ''}
        onConfirm={async () => {
          if (dialog?.kind !== 'delete') return;
          await profilesApi.remove(dialog.profile.id);
          notify.success(`Deleted profile ${dialog.profile.name}.`);
          reload();
        }}
        onClose={() => setDialog(undefined)}
      >
        Its routes, saved tester requests and stored secret are deleted too.
        {dialog?.kind === 'delete' &&
          dialog.profile.id === active?.id &&
          ' It is the active profile: the app switches to another one.'}
      </ConfirmDelete>
      <DuplicateModal
        profile={dialog?.kind === 'duplicate' ? dialog.profile : undefined}
        onClose={() => setDialog(undefined)}
        onDone={(p) => {
          setDialog(undefined);
          notify.success(`Created ${p.name}.`);
          reload();
        }}
      />
      <Modal
        open={dialog?.kind === 'test'}
        title={dialog?.kind === 'test' ? `Connection test: ${dialog.profile.name}` : ''}
        onCancel={() => setDialog(undefined)}
        footer={<Button onClick={() => setDialog(undefined)}>Close</Button>}
        destroyOnHidden
      >
        {dialog?.kind === 'test' &&
          (dialog.result ? (
            <ConnectionResultView result={dialog.result} />
          ) : (
            <Flex align="center" gap={8}>
              <Spin size="small" /> Logging in to {dialog.profile.keycloakUrl}…
            </Flex>
          ))}
      </Modal>
      <ExportModal open={dialog?.kind === 'export'} onClose={() => setDialog(undefined)} />
      <ImportModal
        open={dialog?.kind === 'import'}
        onClose={() => setDialog(undefined)}
        onImported={() => {
          reload();
          void refreshActive();
        }}
      />
    </>
  );
}

/** One icon button of a profile's row, named for screen readers and explained by its tooltip. */
function RowAction({
  title,
  icon,
  label,
  onClick,
  danger,
  disabled,
}: {
  title: string;
  icon: ReactNode;
  label: string;
  onClick: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <Tooltip title={title}>
      <Button type="text" danger={danger} icon={icon} aria-label={label} disabled={disabled} onClick={onClick} />
    </Tooltip>
  );
}
