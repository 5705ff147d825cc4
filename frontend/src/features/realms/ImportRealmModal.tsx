import { Alert, Button, Checkbox, Descriptions, Flex, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { FileButton } from '@/components/FileButton';
import { OperationProgress } from '@/components/OperationProgress';
import { notify } from '@/lib/notify';
import { oneOf } from '@/lib/oneOf';
import { useOperation } from '@/lib/useOperation';
import { useSubmit } from '@/lib/useSubmit';
import type { RealmSummary } from './api';
import {
  realmImportApi,
  resourceLabels,
  type IfExists,
  type ImportPlan,
  type PartialImportEntry,
  type PartialImportReport,
  type RealmImportProgress,
} from './importApi';

export interface ImportRealmModalProps {
  open: boolean;
  realms: RealmSummary[];
  onClose: () => void;
  /** A realm was created or written to: the list may have changed. */
  onImported: (realm: string) => void;
}

type Target = 'new' | 'existing';
const targets: readonly Target[] = ['new', 'existing'];
const ifExistsChoices: readonly IfExists[] = ['SKIP', 'OVERWRITE', 'FAIL'];

const actionColour: Record<string, string> = { ADDED: 'green', OVERWRITTEN: 'blue', SKIPPED: 'default', FAILED: 'red' };

/**
 * Import a realm file: as a new realm (everything in the file), or into an
 * existing realm through Keycloak's partial import (clients, roles, identity
 * providers, groups, users) with a policy for what already exists.
 */
export function ImportRealmModal({ open, realms, onClose, onImported }: ImportRealmModalProps) {
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [plan, setPlan] = useState<ImportPlan>();
  const [target, setTarget] = useState<Target>('new');
  const [newName, setNewName] = useState('');
  const [realm, setRealm] = useState<string>();
  const [ifExists, setIfExists] = useState<IfExists>('SKIP');
  const [newIds, setNewIds] = useState(true);
  const [report, setReport] = useState<PartialImportReport>();
  const op = useOperation<RealmImportProgress>('realm-import');

  // Reading the file and running the import are two submits: reading spins the
  // file button, only the import spins (and offers to stop) the Import button.
  const read = useSubmit(async (step: () => Promise<void>) => step());
  const submit = useSubmit(async (step: () => Promise<void>) => step());
  const busy = read.busy || submit.busy;
  const error = submit.error ?? read.error;

  function reset() {
    setFile(undefined);
    setPlan(undefined);
    setReport(undefined);
    submit.clearError();
    read.clearError();
    setNewName('');
  }

  async function chooseFile(f: File) {
    reset();
    const text = await f.text();
    setFile({ name: f.name, text });
    await read.run(async () => {
      const p = await realmImportApi.plan(text);
      setPlan(p);
      setNewName(p.realm);
      // A file from a realm of this server holds ids that are taken.
      setNewIds(realms.some((r) => r.name === p.realm) || target === 'existing');
    });
  }

  async function run() {
    if (!file || !plan) return;
    setReport(undefined);
    if (target === 'new') {
      const created = await submit.run(async () => {
        const name = await realmImportApi.createRealm(file.text, newName === plan.realm ? '' : newName, newIds);
        notify.success(`Realm “${name}” created from ${file.name}`);
        onImported(name);
      });
      if (created) {
        reset();
        onClose();
      }
      return;
    }
    if (!realm) return;
    await submit.run(async () => {
      const rep = await realmImportApi.importInto(op.start(), realm, file.text, ifExists, newIds);
      setReport(rep);
      onImported(realm);
      const summary = `${rep.added} added, ${rep.overwritten} overwritten, ${rep.skipped} skipped, ${rep.failed} failed`;
      if (rep.failed > 0) notify.warning(`Import into “${realm}”: ${summary}`);
      else notify.success(`Import into “${realm}”: ${summary}`);
    });
  }

  const problems = plan?.problems ?? [];
  const canRun = !!plan && problems.length === 0 && (target === 'new' ? newName.trim() !== '' : !!realm);

  return (
    <Modal
      open={open}
      title="Import a realm file"
      width={760}
      onCancel={() => {
        if (submit.busy) {
          void realmImportApi.cancel(op.opId());
          return;
        }
        reset();
        onClose();
      }}
      footer={
        <Space>
          <Button
            onClick={() => {
              if (submit.busy) void realmImportApi.cancel(op.opId());
              else {
                reset();
                onClose();
              }
            }}
          >
            {submit.busy ? 'Stop' : report ? 'Close' : 'Cancel'}
          </Button>
          <Button type="primary" loading={submit.busy} disabled={!canRun || read.busy} onClick={run}>
            {target === 'new' ? 'Create realm' : 'Import'}
          </Button>
        </Space>
      }
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          A realm exported by Tandem or Keycloak (JSON). Secrets in an export are masked: confidential clients and
          identity providers need their secrets set again after the import.
        </Typography.Paragraph>
        <Flex gap={8} align="center">
          <FileButton
            label="Realm file"
            accept=".json,application/json"
            onFile={(f) => void chooseFile(f)}
            disabled={busy}
            loading={read.busy}
          >
            Choose file
          </FileButton>
          {file && <Typography.Text>{file.name}</Typography.Text>}
        </Flex>
        <ErrorAlert error={error} />
        {plan && (
          <>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label="Realm in the file">{plan.realm || '—'}</Descriptions.Item>
              {Object.entries(plan.counts).map(([typ, n]) => (
                <Descriptions.Item key={typ} label={resourceLabels[typ] ?? typ}>
                  {n}
                </Descriptions.Item>
              ))}
            </Descriptions>
            {problems.length > 0 && (
              <Alert
                type="error"
                showIcon
                message={`The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing will be sent until they are fixed.`}
                description={
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                }
              />
            )}
            {plan.masked.length > 0 && (
              <Alert
                type="warning"
                showIcon
                message="Masked secrets"
                description={`These come with the mask ********** as their secret; set their secrets after the import: ${plan.masked.join(', ')}.`}
              />
            )}
            <Radio.Group
              value={target}
              onChange={(e) => setTarget(oneOf(targets, e.target.value) ?? 'new')}
              disabled={busy}
            >
              <Radio value="new">New realm</Radio>
              <Radio value="existing">Into an existing realm (partial import)</Radio>
            </Radio.Group>
            {target === 'new' ? (
              <Input
                aria-label="New realm name"
                addonBefore="Realm name"
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
                disabled={busy}
              />
            ) : (
              <>
                <Select
                  aria-label="Target realm"
                  placeholder="Target realm"
                  style={{ width: '100%' }}
                  value={realm}
                  onChange={setRealm}
                  options={realms.map((r) => ({ value: r.name, label: r.name }))}
                  disabled={busy}
                />
                <Radio.Group
                  aria-label="When a resource exists"
                  value={ifExists}
                  onChange={(e) => setIfExists(oneOf(ifExistsChoices, e.target.value) ?? 'SKIP')}
                  disabled={busy}
                >
                  <Radio value="SKIP">Skip what exists</Radio>
                  <Radio value="OVERWRITE">Overwrite what exists</Radio>
                  <Radio value="FAIL">Fail: all or nothing</Radio>
                </Radio.Group>
                {plan.ignored.length > 0 && (
                  <Typography.Text type="secondary">
                    A partial import leaves realm settings alone and does not carry: {plan.ignored.join(', ')}.
                  </Typography.Text>
                )}
              </>
            )}
            <Checkbox checked={newIds} onChange={(e) => setNewIds(e.target.checked)} disabled={busy}>
              New ids (needed when the file comes from a realm of this same Keycloak)
            </Checkbox>
          </>
        )}
        {submit.busy && target === 'existing' && (
          <OperationProgress layout="plain" percent={op.percent} label="Import progress" />
        )}
        {report && <ImportReportTable report={report} />}
      </Space>
    </Modal>
  );
}

function ImportReportTable({ report }: { report: PartialImportReport }) {
  return (
    <DataTable<PartialImportEntry>
      label="Import report"
      rowKey={(e) => `${e.type}/${e.name}/${e.action}`}
      rows={report.entries}
      pageSize={10}
      tableProps={{
        title: () =>
          `${report.added} added · ${report.overwritten} overwritten · ${report.skipped} skipped · ${report.failed} failed`,
      }}
      columns={[
        {
          title: 'Result',
          dataIndex: 'action',
          width: 120,
          filters: ['ADDED', 'OVERWRITTEN', 'SKIPPED', 'FAILED'].map((a) => ({ text: a, value: a })),
          onFilter: (v, e) => e.action === v,
          render: (a: string) => <Tag color={actionColour[a]}>{a}</Tag>,
        },
        { title: 'Type', dataIndex: 'type', width: 150, render: (t: string) => resourceLabels[t] ?? t },
        { title: 'Name', dataIndex: 'name' },
        { title: 'Why', dataIndex: 'error' },
      ]}
    />
  );
}
