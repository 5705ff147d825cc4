import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, Button, Space, Switch, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { actionsColumn } from '@/components/columns';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { DataTable, type DataTableHandle, type PageQuery, type PageResult } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { AppEvent, useEvent } from '@/lib/events';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { routesApi, type Route, type RouteConfig, type RouteFile } from './api';
import { WarningOutlined } from '@ant-design/icons';
import { routeLabel } from './formState';
import { ExportModal, ImportModal } from './ImportExport';
import { RouteForm } from './RouteForm';

type Dialog =
  | { kind: 'form'; index: number }
  | { kind: 'delete'; route: Route }
  | { kind: 'import' }
  | { kind: 'export' }
  | undefined;

const authColor: Record<string, string> = { required: 'red', optional: 'gold', public: 'green' };

interface Row {
  index: number;
  route: Route;
}

/** Routes: the active profile's route file as a table, edited through a validating form. */
export function RoutesPage() {
  const file = useLoader(() => routesApi.get(), []);
  const table = useRef<DataTableHandle>(null);
  const [dialog, setDialog] = useState<Dialog>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  // The routes an import replaced: one undo, until the next change.
  const [undo, setUndo] = useState<RouteConfig | undefined>(undefined);
  useEvent(AppEvent.ProfileSwitched, () => {
    setUndo(undefined);
    file.reload();
  });

  const data = file.data;
  // ?route=NAME (from the command palette) opens that route's form once the file is loaded.
  const [params, setParams] = useSearchParams();
  const wanted = params.get('route');
  useEffect(() => {
    if (!wanted || !data) return;
    const index = (data.config.routes ?? []).findIndex((r) => r.name === wanted);
    if (index >= 0) setDialog({ kind: 'form', index });
    setParams({}, { replace: true });
  }, [wanted, data, setParams]);
  // Roles the realm lacks, by route: a warning on the table, never a block.
  const roleCheck = useLoader(() => (data ? routesApi.checkRoles(data.config) : Promise.resolve(undefined)), [data]);
  // Each warning names its role as the file writes it: compared whole, never read out of the message.
  const unknownRole = (route: Route, i: number, role: string) =>
    (roleCheck.data?.warnings ?? []).find((w) => w.route === routeLabel(route, i) && w.role === role);
  const routes = data?.config.routes ?? [];
  const readOnly = data?.readOnly ?? false;

  function updated(next: RouteFile) {
    file.setData(next);
    setUndo(undefined);
    table.current?.reload();
  }

  /** Runs one change of the file, its button (by key) spinning meanwhile; the new file replaces the shown one. */
  async function act(key: string, run: () => Promise<RouteFile>, said: { success?: string; failure?: string } = {}) {
    setBusy(key);
    try {
      updated(await run());
      if (said.success) notify.success(said.success);
    } catch (err) {
      notify.error(err, said.failure);
    } finally {
      setBusy(undefined);
    }
  }

  // The rows are the route file already loaded: filtered and paged here, no call to make.
  function load({ first, max, search }: PageQuery): Promise<PageResult<Row>> {
    const q = search.toLowerCase();
    const rows = routes
      .map((route, index) => ({ route, index }))
      .filter(({ route }) =>
        q
          ? [route.name, route.path, route.host, route.upstream, route.auth].some((f) => f?.toLowerCase().includes(q))
          : true,
      );
    return Promise.resolve({ items: rows.slice(first, first + max), total: rows.length });
  }

  const columns: TableColumnsType<Row> = [
    {
      title: 'Order',
      key: 'order',
      width: 84,
      render: (_, { route, index }) => (
        <Space size={0}>
          <Button
            type="text"
            size="small"
            icon={<ArrowUpOutlined aria-hidden />}
            aria-label={`Move ${route.name} up`}
            disabled={readOnly || index === 0 || busy !== undefined}
            onClick={() => void act(`move-${route.name}`, () => routesApi.move(route.name, -1))}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined aria-hidden />}
            aria-label={`Move ${route.name} down`}
            disabled={readOnly || index === routes.length - 1 || busy !== undefined}
            onClick={() => void act(`move-${route.name}`, () => routesApi.move(route.name, 1))}
          />
        </Space>
      ),
    },
    { title: 'Name', key: 'name', render: (_, { route }) => <Typography.Text strong>{route.name}</Typography.Text> },
    {
      title: 'Match',
      key: 'match',
      render: (_, { route }) => (
        <Space size={4} wrap>
          <Typography.Text code>{(route.methods ?? []).length ? route.methods.join(',') : 'ANY'}</Typography.Text>
          {route.host && <Typography.Text type="secondary">{route.host}</Typography.Text>}
          <Typography.Text code>{route.path}</Typography.Text>
          {route.stripPrefix && <Tag>strip prefix</Tag>}
        </Space>
      ),
    },
    {
      title: 'Upstream',
      key: 'upstream',
      render: (_, { route }) => <Typography.Text>{route.upstream}</Typography.Text>,
    },
    {
      title: 'Auth',
      key: 'auth',
      render: (_, { route }) => <Tag color={authColor[route.auth] ?? 'default'}>{route.auth}</Tag>,
    },
    {
      title: 'Roles',
      key: 'roles',
      render: (_, { route, index }) =>
        (route.roles ?? []).length ? (
          (route.roles ?? []).map((r) => {
            const warning = unknownRole(route, index, r);
            return warning ? (
              <Tooltip key={r} title={warning.sentence}>
                <Tag color="warning" icon={<WarningOutlined aria-hidden />} aria-label={`${r}: ${warning.sentence}`}>
                  {r}
                </Tag>
              </Tooltip>
            ) : (
              <Tag key={r}>{r}</Tag>
            );
          })
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: 'Enabled',
      key: 'enabled',
      render: (_, { route }) => (
        <Switch
          size="small"
          checked={!route.disabled}
          aria-label={`Enable ${route.name}`}
          disabled={readOnly}
          loading={busy === `enable-${route.name}`}
          onChange={(on) => void act(`enable-${route.name}`, () => routesApi.setEnabled(route.name, on))}
        />
      ),
    },
    actionsColumn(({ route, index }) => (
      <Space size={0}>
        <Tooltip title="Edit">
          <Button
            type="text"
            icon={<EditOutlined aria-hidden />}
            aria-label={`Edit ${route.name}`}
            onClick={() => setDialog({ kind: 'form', index })}
          />
        </Tooltip>
        <Tooltip title="Delete">
          <Button
            type="text"
            danger
            icon={<DeleteOutlined aria-hidden />}
            aria-label={`Delete ${route.name}`}
            disabled={readOnly}
            onClick={() => setDialog({ kind: 'delete', route })}
          />
        </Tooltip>
      </Space>
    )),
  ];

  return (
    <>
      <PageHeader
        title="Routes"
        subtitle={
          data ? (
            <>
              Routes of <strong>{data.profile}</strong>. Tokens are checked against{' '}
              <Typography.Text code>{data.issuer}</Typography.Text>
              {data.issuerDerived ? ' (from the profile)' : ''}.
            </>
          ) : (
            'The proxy routes of the active profile: path to upstream, auth mode, required roles and identity headers.'
          )
        }
        actions={
          <>
            <Button
              icon={<UploadOutlined aria-hidden />}
              onClick={() => setDialog({ kind: 'import' })}
              disabled={readOnly}
            >
              Import
            </Button>
            <Button
              icon={<DownloadOutlined aria-hidden />}
              onClick={() => setDialog({ kind: 'export' })}
              disabled={!data}
            >
              Export
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setDialog({ kind: 'form', index: -1 })}
              disabled={!data || readOnly}
            >
              Add route
            </Button>
          </>
        }
      />
      <ErrorAlert error={file.error} onRetry={file.reload} />
      {undo && (
        <Alert
          type="info"
          showIcon
          closable={{ onClose: () => setUndo(undefined) }}
          style={{ marginBottom: 12 }}
          title={`The import replaced ${undo.routes?.length ?? 0} routes.`}
          action={
            <Button
              size="small"
              loading={busy === 'undo'}
              onClick={() =>
                void act('undo', () => routesApi.save(undo), {
                  success: 'Import undone: the routes are as they were.',
                  failure: 'Cannot undo the import',
                })
              }
            >
              Undo import
            </Button>
          }
        />
      )}
      <DataTable<Row>
        ref={table}
        loader={load}
        columns={columns}
        rowKey={(r) => r.route.name || `#${r.index}`}
        deps={[data]}
        searchPlaceholder="Filter routes"
        emptyText={
          readOnly
            ? 'No routes. This profile is read-only: routes cannot be added or imported here.'
            : 'No routes yet: add one, or import a route file.'
        }
        label="Routes"
      />
      {data && dialog?.kind === 'form' && (
        <RouteForm
          open
          config={data.config}
          index={dialog.index}
          readOnly={readOnly}
          onClose={() => setDialog(undefined)}
          onSaved={(next) => {
            updated(next);
            setDialog(undefined);
            notify.success('Route saved.');
          }}
        />
      )}
      <ConfirmDelete
        open={dialog?.kind === 'delete'}
        kind="route"
        name={dialog?.kind === 'delete' ? dialog.route.name : ''}
        onConfirm={async () => {
          if (dialog?.kind === 'delete') updated(await routesApi.deleteRoute(dialog.route.name));
        }}
        onClose={() => setDialog(undefined)}
      />
      {data && (
        <ImportModal
          open={dialog?.kind === 'import'}
          readOnly={readOnly}
          current={data.config}
          profile={data.profile}
          onClose={() => setDialog(undefined)}
          onImported={(next, previous) => {
            updated(next);
            setUndo(previous);
            setDialog(undefined);
            notify.success(`Imported ${next.config.routes?.length ?? 0} routes.`);
          }}
        />
      )}
      <ExportModal
        open={dialog?.kind === 'export'}
        profile={data?.profile ?? ''}
        onClose={() => setDialog(undefined)}
      />
    </>
  );
}
