import { StopOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Flex,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { ConfirmTyped } from '@/components/ConfirmTyped';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { AppEvent, useEvent } from '@/lib/events';
import { useLoader } from '@/lib/useLoader';
import { profilesApi, type Profile } from '@/features/profiles/api';
import {
  compareApi,
  kindLabels,
  sideJSON,
  type CompareRequest,
  type Difference,
  type Plan,
  type PromoteProgress,
  type Report,
  type Result,
} from './api';

/** An id for one promotion; crypto.randomUUID needs a secure context, which a webview may not be. */
function newOpId(): string {
  return `promote-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const changeColor: Record<string, string> = { added: 'green', removed: 'red', changed: 'gold' };
const changes = ['added', 'removed', 'changed'];

export function ComparePage() {
  const profiles = useLoader(() => profilesApi.list(), []);
  const [req, setReq] = useState<CompareRequest>({ fromProfile: 0, fromRealm: '', toProfile: 0, toRealm: '' });
  const [result, setResult] = useState<Result>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [kinds, setKinds] = useState<string[]>([]);
  const [shown, setShown] = useState<string[]>(changes);
  const [selected, setSelected] = useState<string[]>([]);
  const [plan, setPlan] = useState<Plan>();
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<PromoteProgress>();
  const [report, setReport] = useState<Report>();
  const [promoting, setPromoting] = useState(false);
  const opId = useRef('');

  useEvent(AppEvent.Progress, (payload) => {
    const p = payload as PromoteProgress;
    if (p && p.kind === 'promote' && p.opId === opId.current) setProgress(p);
  });

  const byId = useMemo(() => new Map((profiles.data ?? []).map((p) => [p.id, p])), [profiles.data]);
  const target: Profile | undefined = byId.get(req.toProfile);
  const options = (profiles.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.kind})` }));

  async function runCompare() {
    setBusy(true);
    setFailure(undefined);
    setPlan(undefined);
    setReport(undefined);
    setSelected([]);
    try {
      setResult(await compareApi.compare(req));
    } catch (err) {
      setResult(undefined);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  async function preview() {
    if (!result) return;
    setFailure(undefined);
    try {
      setPlan(await compareApi.preview(result, selected));
    } catch (err) {
      setFailure(err);
    }
  }

  async function promote(confirm: string) {
    if (!plan) return;
    opId.current = newOpId();
    setPromoting(true);
    setProgress(undefined);
    try {
      const rep = await compareApi.promote(opId.current, req, plan, confirm);
      setReport(rep);
      setPlan(undefined);
    } finally {
      setPromoting(false);
    }
  }

  async function startPromote() {
    if (target?.kind === 'prod') {
      setConfirming(true);
      return;
    }
    try {
      await promote('');
    } catch (err) {
      setFailure(err);
    }
  }

  const rows = (result?.differences ?? []).filter(
    (d) => (kinds.length === 0 || kinds.includes(d.kind)) && shown.includes(d.change),
  );
  const kindOptions = Object.keys(result?.counts ?? {}).map((k) => ({ value: k, label: kindLabels[k] ?? k }));

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="Compare"
        subtitle="How two profiles (or two realms) differ, and promote chosen differences from one to the other."
      />
      <Card size="small">
        <Flex gap={12} wrap="wrap" align="end">
          <Space direction="vertical" size={2}>
            <Typography.Text strong>From</Typography.Text>
            <Select
              aria-label="From profile"
              style={{ width: 200 }}
              options={options}
              value={req.fromProfile || undefined}
              placeholder="Profile"
              onChange={(v: number) => setReq({ ...req, fromProfile: v })}
            />
            <Input
              aria-label="From realm"
              style={{ width: 200 }}
              placeholder={byId.get(req.fromProfile)?.defaultRealm || 'realm'}
              value={req.fromRealm}
              onChange={(e) => setReq({ ...req, fromRealm: e.target.value })}
            />
          </Space>
          <SwapOutlined aria-hidden style={{ marginBottom: 40 }} />
          <Space direction="vertical" size={2}>
            <Typography.Text strong>To</Typography.Text>
            <Select
              aria-label="To profile"
              style={{ width: 200 }}
              options={options}
              value={req.toProfile || undefined}
              placeholder="Profile"
              onChange={(v: number) => setReq({ ...req, toProfile: v })}
            />
            <Input
              aria-label="To realm"
              style={{ width: 200 }}
              placeholder={target?.defaultRealm || 'realm'}
              value={req.toRealm}
              onChange={(e) => setReq({ ...req, toRealm: e.target.value })}
            />
          </Space>
          <Button type="primary" loading={busy} disabled={!req.fromProfile || !req.toProfile} onClick={runCompare}>
            Compare
          </Button>
        </Flex>
      </Card>
      {failure !== undefined && <ErrorAlert error={failure} />}
      {result && result.inSync && (
        <Alert
          type="success"
          showIcon
          message={`In sync: ${result.from.realm} and ${result.to.realm} have no differences.`}
        />
      )}
      {result && !result.inSync && (
        <Card
          size="small"
          title={`${result.differences.length} difference(s): ${result.from.profile} (${result.from.realm}) → ${result.to.profile} (${result.to.realm})`}
          extra={
            <Button type="primary" disabled={selected.length === 0} onClick={preview}>
              Preview promotion ({selected.length})
            </Button>
          }
        >
          <Flex gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
            <Select
              aria-label="Kinds"
              mode="multiple"
              allowClear
              placeholder="Every kind"
              style={{ minWidth: 240 }}
              options={kindOptions}
              value={kinds}
              onChange={setKinds}
            />
            <Checkbox.Group aria-label="Changes" options={changes} value={shown} onChange={setShown} />
            {target?.readOnly && <Tag color="red">target is read-only: promotion will be refused</Tag>}
          </Flex>
          <Table<Difference>
            size="small"
            rowKey="id"
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
            expandable={{
              expandedRowRender: (d) => (
                <Flex gap={12}>
                  <SideView title={`${result.from.profile} (${result.from.realm})`} value={d.from} />
                  <SideView title={`${result.to.profile} (${result.to.realm})`} value={d.to} />
                </Flex>
              ),
            }}
            columns={[
              { title: 'Kind', dataIndex: 'kind', render: (k: string) => kindLabels[k] ?? k, width: 170 },
              {
                title: 'Name',
                dataIndex: 'key',
                render: (key: string, d) => (d.parent ? <span style={{ paddingLeft: 16 }}>{key}</span> : key),
              },
              {
                title: 'Change',
                dataIndex: 'change',
                width: 100,
                render: (c: string) => <Tag color={changeColor[c]}>{c}</Tag>,
              },
              { title: 'Fields', dataIndex: 'fields', render: (f?: string[]) => (f ?? []).join(', ') },
            ]}
          />
        </Card>
      )}
      <Modal
        open={plan !== undefined}
        title={`Promote ${selected.length} difference(s) into ${target?.name ?? ''}`}
        width={820}
        onCancel={() => !promoting && setPlan(undefined)}
        footer={
          <Space>
            {promoting ? (
              <Button danger icon={<StopOutlined aria-hidden />} onClick={() => compareApi.cancel(opId.current)}>
                Cancel
              </Button>
            ) : (
              <>
                <Button onClick={() => plan && compareApi.savePlan(plan)}>Save plan…</Button>
                <Button onClick={() => setPlan(undefined)}>Close</Button>
                <Button type="primary" danger={target?.kind === 'prod'} onClick={startPromote}>
                  Promote
                </Button>
              </>
            )}
          </Space>
        }
      >
        {promoting && progress && (
          <Progress
            percent={Math.round((progress.done / Math.max(progress.total, 1)) * 100)}
            aria-label="Promotion progress"
          />
        )}
        <Typography.Paragraph type="secondary">
          These admin calls run in this order; a segment in braces is the target's id of that entity, looked up by name.
          The first failure stops the promotion.
        </Typography.Paragraph>
        <ol
          aria-label="Admin calls"
          style={{ maxHeight: 360, overflow: 'auto', fontFamily: 'monospace', fontSize: 12 }}
        >
          {(plan?.steps ?? []).flatMap((s, i) =>
            s.routes
              ? [
                  <li key={`${i}-r`}>
                    route file: {s.routes.route ? 'save' : 'remove'} route {s.routes.name || '(settings)'}
                  </li>,
                ]
              : (s.calls ?? []).map((c, j) => (
                  <li key={`${i}-${j}`}>
                    <strong>{c.method}</strong> {c.path} — {c.summary}
                  </li>
                )),
          )}
        </ol>
      </Modal>
      <ConfirmTyped
        open={confirming}
        title={`Promote into prod profile ${target?.name ?? ''}`}
        okText="Promote"
        name={target?.name ?? ''}
        onConfirm={() => promote(target?.name ?? '')}
        onClose={() => setConfirming(false)}
      >
        {selected.length} change(s) will be applied to a production Keycloak. Type the profile's name to go on.
      </ConfirmTyped>
      {report && (
        <Card
          size="small"
          title={`Promotion: ${report.applied} applied, ${report.failed} failed, ${report.notApplied} not applied`}
        >
          <Table
            size="small"
            rowKey="difference"
            pagination={false}
            dataSource={report.outcomes}
            columns={[
              { title: 'Difference', dataIndex: 'difference' },
              {
                title: 'Status',
                dataIndex: 'status',
                render: (s: string) => (
                  <Tag color={s === 'applied' ? 'green' : s === 'not-applied' ? 'default' : 'red'}>{s}</Tag>
                ),
              },
              { title: 'Calls', render: (_, o) => `${o.callsDone}/${o.callsTotal}` },
              { title: 'Error', dataIndex: 'error' },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}

function SideView({ title, value }: { title: string; value: unknown }) {
  const text = sideJSON(value);
  return (
    <div style={{ flex: 1, minWidth: 0 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={{ maxHeight: 300, overflow: 'auto', fontSize: 12, margin: 0 }}>{text || '(absent)'}</pre>
    </div>
  );
}
