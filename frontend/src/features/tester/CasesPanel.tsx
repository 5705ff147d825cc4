import { DeleteOutlined, DownloadOutlined, PlayCircleOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { SubmitModal } from '@/components/SubmitModal';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import type { Case, CaseResult, SecretNeed, SuiteResult } from './api';
import { testerApi } from './api';
import { Verdict } from './Verdict';

export interface CasesPanelProps {
  route: string;
  /** Bumped by the page after "Save as case" so the list reloads. */
  version: number;
  /** Puts a saved case back into the forms. */
  onLoad: (c: Case) => void;
  /** Secrets the forms already hold, offered as defaults (never stored). */
  knownSecrets: Record<string, string>;
}

/** The route's saved cases, re-run as a suite with a summary and an export. */
export function CasesPanel({ route, version, onLoad, knownSecrets }: CasesPanelProps) {
  const [allRoutes, setAllRoutes] = useState(false);
  const scope = allRoutes ? '' : route;
  const cases = useLoader(() => testerApi.listCases(scope), [scope, version]);
  const [needs, setNeeds] = useState<SecretNeed[] | undefined>();
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [suite, setSuite] = useState<SuiteResult | undefined>();
  const suiteRun = useSubmit(async (given: Record<string, string>) => {
    try {
      setSuite(await testerApi.runSuite(scope, given));
    } finally {
      setSecrets({});
    }
  });

  async function askAndRun() {
    try {
      const n = await testerApi.suiteSecrets(scope);
      if (n.length === 0) return void run({});
      setSecrets(Object.fromEntries(n.map((s) => [s.key, knownSecrets[s.key] ?? ''])));
      setNeeds(n);
    } catch (e) {
      notify.error(e, 'Cannot start the suite');
    }
  }

  function run(given: Record<string, string>) {
    setNeeds(undefined);
    void suiteRun.run(given);
  }

  async function exportAs(format: 'json' | 'csv') {
    try {
      const path = await testerApi.exportSuite(format);
      if (path) notify.success(`Suite results saved to ${path}`);
    } catch (e) {
      notify.error(e, 'Export failed');
    }
  }

  async function remove(c: Case) {
    try {
      await testerApi.deleteCase(c.id);
      cases.setData((list) => list?.filter((x) => x.id !== c.id));
    } catch (e) {
      notify.error(e, `Cannot delete “${c.name}”`);
    }
  }

  const list = cases.data ?? [];
  return (
    <Flex vertical gap={12}>
      <ErrorAlert error={cases.error} onRetry={cases.reload} />
      <Space wrap>
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          disabled={list.length === 0}
          loading={suiteRun.busy}
          onClick={() => void askAndRun()}
        >
          Run suite ({list.length})
        </Button>
        <Button onClick={() => setAllRoutes((v) => !v)}>{allRoutes ? `Only route ${route}` : 'All routes'}</Button>
      </Space>
      <DataTable<Case>
        label="Saved cases"
        rowKey="id"
        rows={{ data: list, loading: cases.loading }}
        pageSize={10}
        emptyText={
          <Empty
            description={`No saved case${allRoutes ? '' : ` for route ${route}`}. Use “Save as case” after a send.`}
          />
        }
        columns={[
          { title: 'Case', dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
          ...(allRoutes ? [{ title: 'Route', dataIndex: 'route' }] : []),
          { title: 'Identity', key: 'identity', render: (_: unknown, c: Case) => describeIdentity(c) },
          {
            title: 'Request',
            key: 'req',
            render: (_: unknown, c: Case) => (
              <Typography.Text
                code
              >{`${c.request.method || 'GET'} ${c.request.path || '(route path)'}`}</Typography.Text>
            ),
          },
          {
            title: 'Upstream',
            key: 'up',
            render: (_: unknown, c: Case) => (c.request.upstream === 'route' ? "route's" : 'echo'),
          },
          { title: 'Pinned', dataIndex: 'expectStatus', render: (s?: number) => (s ? `HTTP ${s}` : '—') },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, c: Case) => (
              <Space size={4}>
                <Button size="small" icon={<UploadOutlined />} onClick={() => onLoad(c)}>
                  Load
                </Button>
                <Popconfirm
                  title={`Delete case “${c.name}”?`}
                  okText="Delete"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(c)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={`Delete ${c.name}`} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <ErrorAlert error={suiteRun.error} />
      {suite && <SuiteView suite={suite} onExport={exportAs} />}
      <Modal
        open={needs !== undefined}
        title="Secrets for this run"
        okText="Run suite"
        onOk={() => void run(secrets)}
        onCancel={() => (setNeeds(undefined), setSecrets({}))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          Saved cases never keep passwords, secrets or tokens. They are used for this run only; a case left without one
          is skipped.
        </Typography.Paragraph>
        <Form layout="vertical">
          {(needs ?? []).map((n) => (
            <Form.Item key={n.key} label={n.label} extra={`Cases: ${n.cases.join(', ')}`}>
              {n.kind === 'token' ? (
                <Input.TextArea
                  aria-label={n.label}
                  rows={2}
                  value={secrets[n.key]}
                  onChange={(e) => setSecrets({ ...secrets, [n.key]: e.target.value })}
                />
              ) : (
                <Input.Password
                  aria-label={n.label}
                  autoComplete="new-password"
                  value={secrets[n.key]}
                  onChange={(e) => setSecrets({ ...secrets, [n.key]: e.target.value })}
                />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Flex>
  );
}

function describeIdentity(c: Case): string {
  const id = c.identity;
  let s =
    id.kind === 'password'
      ? `user ${id.username}`
      : id.kind === 'client'
        ? `service account ${id.clientId}`
        : id.kind === 'token'
          ? 'pasted token'
          : 'anonymous';
  if (id.realm) s += `@${id.realm}`;
  if (id.variant) s += ` (${id.variant})`;
  if (id.spoofHeaders) s += ' + spoofed headers';
  return s;
}

function SuiteView({ suite, onExport }: { suite: SuiteResult; onExport: (f: 'json' | 'csv') => void }) {
  const s = suite.summary;
  return (
    <section aria-label="Suite results">
      <Alert
        type={s.failed > 0 || s.errored > 0 ? 'error' : s.skipped > 0 ? 'warning' : 'success'}
        showIcon
        title={`${s.passed} of ${s.total} passed · ${s.failed} failed · ${s.errored} errored · ${s.skipped} skipped (${(suite.durationMs / 1000).toFixed(1)} s)`}
        action={
          <Space>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => onExport('json')}>
              JSON
            </Button>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => onExport('csv')}>
              CSV
            </Button>
          </Space>
        }
        style={{ marginBottom: 8 }}
      />
      <DataTable<CaseResult>
        rowKey={(r) => String(r.case.id)}
        rows={suite.results ?? []}
        columns={[
          { title: 'Case', key: 'name', render: (_, r) => r.case.name },
          { title: 'Expected', dataIndex: 'expected', render: (e: string) => e || '—' },
          { title: 'Got', key: 'got', render: (_, r) => (r.status ? `HTTP ${r.status} · ${r.outcome}` : '—') },
          {
            title: 'Result',
            key: 'result',
            render: (_, r) =>
              r.skipped ? (
                <Tag>skipped: {r.skipped}</Tag>
              ) : r.error ? (
                <Typography.Text type="warning">{r.error}</Typography.Text>
              ) : r.passed ? (
                <Tag color="green">passed</Tag>
              ) : (
                <Verdict label="failed" color="red" lines={r.failures ?? []} lineType="danger" gap={2} />
              ),
          },
        ]}
      />
    </section>
  );
}

/**
 * The name and pinned status asked for when saving the current request. The
 * page mounts it afresh (a new key) for every opening, so no stale value stays.
 */
export function SaveCaseModal({
  open,
  defaultName,
  onSave,
  onClose,
}: {
  open: boolean;
  defaultName: string;
  onSave: (name: string, expectStatus: number | undefined) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(defaultName);
  const [status, setStatus] = useState<number | null>(null);
  return (
    <SubmitModal
      open={open}
      title="Save as case"
      okText="Save"
      canSubmit={!!name.trim()}
      onClose={onClose}
      onSubmit={async () => {
        await onSave(name.trim(), status ?? undefined);
        onClose();
      }}
    >
      <Form layout="vertical">
        <Form.Item label="Name">
          <Input aria-label="Case name" value={name} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        <Form.Item label="Pinned status" extra="Optional: checked on top of the route's promise.">
          <InputNumber aria-label="Pinned status" min={100} max={599} value={status} onChange={(v) => setStatus(v)} />
        </Form.Item>
        <Typography.Text type="secondary">
          The password, client secret or pasted token is not saved; a suite run asks for it.
        </Typography.Text>
      </Form>
    </SubmitModal>
  );
}
