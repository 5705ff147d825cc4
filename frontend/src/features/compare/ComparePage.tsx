import { StopOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { tagColumn } from '@/components/columns';
import { ConfirmTyped } from '@/components/ConfirmTyped';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { OperationProgress } from '@/components/OperationProgress';
import { PageHeader } from '@/components/PageHeader';
import { useLoader } from '@/lib/useLoader';
import { useOperation } from '@/lib/useOperation';
import { useSubmit } from '@/lib/useSubmit';
import { profilesApi, type Profile } from '@/features/profiles/api';
import {
  compareApi,
  kindLabels,
  sideJSON,
  type CompareRequest,
  type Difference,
  type Outcome,
  type Plan,
  type PromoteProgress,
  type Report,
  type Result,
} from './api';

const changeColor: Record<string, string> = { added: 'green', removed: 'red', changed: 'gold' };
const changes = ['added', 'removed', 'changed'];

export function ComparePage() {
  const profiles = useLoader(() => profilesApi.list(), []);
  const [req, setReq] = useState<CompareRequest>({ fromProfile: 0, fromRealm: '', toProfile: 0, toRealm: '' });
  const [result, setResult] = useState<Result>();
  const [kinds, setKinds] = useState<string[]>([]);
  const [shown, setShown] = useState<string[]>(changes);
  const [selected, setSelected] = useState<string[]>([]);
  const [plan, setPlan] = useState<Plan>();
  const [confirming, setConfirming] = useState(false);
  const [report, setReport] = useState<Report>();
  const op = useOperation<PromoteProgress>('promote');

  const byId = useMemo(() => new Map((profiles.data ?? []).map((p) => [p.id, p])), [profiles.data]);
  const target: Profile | undefined = byId.get(req.toProfile);
  const options = (profiles.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.kind})` }));

  // The promotion's failure shows in the plan dialog, which stays open so it can be tried again or saved.
  const promotion = useSubmit(async (chosen: Plan, confirm: string) => {
    const rep = await compareApi.promote(op.start(), req, chosen, confirm);
    setReport(rep);
    setPlan(undefined);
  });

  const preview = useSubmit(async (from: Result) => {
    promotion.clearError();
    setPlan(await compareApi.preview(from, selected));
  });
  const comparison = useSubmit(async () => {
    preview.clearError();
    setPlan(undefined);
    setReport(undefined);
    setSelected([]);
    try {
      setResult(await compareApi.compare(req));
    } catch (err) {
      // The differences of the previous comparison would read as the answer to this one.
      setResult(undefined);
      throw err;
    }
  });
  const savePlan = useSubmit((chosen: Plan) => compareApi.savePlan(chosen));

  function startPromote() {
    if (target?.kind === 'prod') setConfirming(true);
    else if (plan) void promotion.run(plan, '');
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
          <SidePicker
            name="From"
            options={options}
            profile={req.fromProfile}
            realm={req.fromRealm}
            defaultRealm={byId.get(req.fromProfile)?.defaultRealm}
            onChange={(profile, realm) => setReq({ ...req, fromProfile: profile, fromRealm: realm })}
          />
          <SwapOutlined aria-hidden style={{ marginBottom: 40 }} />
          <SidePicker
            name="To"
            options={options}
            profile={req.toProfile}
            realm={req.toRealm}
            defaultRealm={target?.defaultRealm}
            onChange={(profile, realm) => setReq({ ...req, toProfile: profile, toRealm: realm })}
          />
          <Button
            type="primary"
            loading={comparison.busy}
            disabled={!req.fromProfile || !req.toProfile}
            onClick={() => void comparison.run()}
          >
            Compare
          </Button>
        </Flex>
      </Card>
      <ErrorAlert error={comparison.error ?? preview.error} />
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
            <Button
              type="primary"
              disabled={selected.length === 0}
              loading={preview.busy}
              onClick={() => void preview.run(result)}
            >
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
          <DataTable<Difference>
            rowKey="id"
            rows={rows}
            pageSize={50}
            tableProps={{
              rowSelection: { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) },
              expandable: {
                expandedRowRender: (d) => (
                  <Flex gap={12}>
                    <SideView title={`${result.from.profile} (${result.from.realm})`} value={d.from} />
                    <SideView title={`${result.to.profile} (${result.to.realm})`} value={d.to} />
                  </Flex>
                ),
              },
            }}
            columns={[
              { title: 'Kind', dataIndex: 'kind', render: (k: string) => kindLabels[k] ?? k, width: 170 },
              {
                title: 'Name',
                dataIndex: 'key',
                render: (key: string, d) => (d.parent ? <span style={{ paddingLeft: 16 }}>{key}</span> : key),
              },
              { ...tagColumn<Difference>('Change', 'change', (c) => changeColor[c]), width: 100 },
              { title: 'Fields', dataIndex: 'fields', render: (f?: string[]) => (f ?? []).join(', ') },
            ]}
          />
        </Card>
      )}
      <Modal
        open={plan !== undefined}
        title={`Promote ${selected.length} difference(s) into ${target?.name ?? ''}`}
        width={820}
        onCancel={() => !promotion.busy && setPlan(undefined)}
        footer={
          <Space>
            {promotion.busy ? (
              <Button danger icon={<StopOutlined aria-hidden />} onClick={() => compareApi.cancel(op.opId())}>
                Cancel
              </Button>
            ) : (
              <>
                <Button loading={savePlan.busy} onClick={() => plan && void savePlan.run(plan)}>
                  Save plan…
                </Button>
                <Button onClick={() => setPlan(undefined)}>Close</Button>
                <Button type="primary" danger={target?.kind === 'prod'} onClick={startPromote}>
                  Promote
                </Button>
              </>
            )}
          </Space>
        }
      >
        <ErrorAlert error={promotion.error ?? savePlan.error} />
        {promotion.busy && op.progress && (
          <OperationProgress layout="plain" percent={op.percent} label="Promotion progress" />
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
        onConfirm={() => {
          setConfirming(false);
          if (plan) void promotion.run(plan, target?.name ?? '');
        }}
        onClose={() => setConfirming(false)}
      >
        {selected.length} change(s) will be applied to a production Keycloak. Type the profile's name to go on.
      </ConfirmTyped>
      {report && (
        <Card
          size="small"
          title={`Promotion: ${report.applied} applied, ${report.failed} failed, ${report.notApplied} not applied`}
        >
          <DataTable<Outcome>
            rowKey="difference"
            rows={report.outcomes}
            columns={[
              { title: 'Difference', dataIndex: 'difference' },
              tagColumn('Status', 'status', (s) =>
                s === 'applied' ? 'green' : s === 'not-applied' ? 'default' : 'red',
              ),
              { title: 'Calls', key: 'calls', render: (_, o) => `${o.callsDone}/${o.callsTotal}` },
              { title: 'Error', dataIndex: 'error' },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}

interface SidePickerProps {
  /** "From" or "To": the heading, and the start of the fields' accessible names. */
  name: string;
  options: { value: number; label: string }[];
  profile: number;
  realm: string;
  /** Shown in the empty realm field: the side compares this realm unless another is typed. */
  defaultRealm: string | undefined;
  onChange: (profile: number, realm: string) => void;
}

/** One side of the comparison: a profile and, optionally, a realm other than its default. */
function SidePicker({ name, options, profile, realm, defaultRealm, onChange }: SidePickerProps) {
  return (
    <Space direction="vertical" size={2}>
      <Typography.Text strong>{name}</Typography.Text>
      <Select
        aria-label={`${name} profile`}
        style={{ width: 200 }}
        options={options}
        value={profile || undefined}
        placeholder="Profile"
        onChange={(v: number) => onChange(v, realm)}
      />
      <Input
        aria-label={`${name} realm`}
        style={{ width: 200 }}
        placeholder={defaultRealm || 'realm'}
        value={realm}
        onChange={(e) => onChange(profile, e.target.value)}
      />
    </Space>
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
