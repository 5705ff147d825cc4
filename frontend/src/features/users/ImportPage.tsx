import { CloudUploadOutlined, FileSearchOutlined, SaveOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Progress, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { AppEvent, useEvent } from '@/lib/events';
import { notify } from '@/lib/notify';
import { importApi, type ImportPlan, type ImportProgress, type ImportReport } from './api';
import { HashingNotice } from './HashingNotice';
import { RealmPicker } from './RealmPicker';
import { toUsers } from './routes';

/** An id for one import run; crypto.randomUUID needs a secure context, which a webview may not be. */
function newOpId(): string {
  return `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

const actionColour: Record<string, string> = { create: 'green', update: 'blue', skip: 'default' };
const statusColour: Record<string, string> = { ok: 'green', skipped: 'default', failed: 'red', 'not run': 'orange' };

export function ImportPage() {
  const [params, setParams] = useSearchParams();
  const { profile, realms, realm, loading, error } = useActiveRealm(params.get('realm') ?? undefined);
  const readOnly = profile?.readOnly ?? false;
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [plan, setPlan] = useState<ImportPlan>();
  const [report, setReport] = useState<ImportReport>();
  const [progress, setProgress] = useState<ImportProgress>();
  const [busy, setBusy] = useState<'plan' | 'apply'>();
  const [failure, setFailure] = useState<unknown>();
  const opId = useRef<string>('');
  const fileInput = useRef<HTMLInputElement>(null);

  useEvent(AppEvent.Progress, (payload) => {
    const p = payload as ImportProgress;
    if (p && p.opId === opId.current) setProgress(p);
  });

  async function chooseFile(f: File | undefined) {
    if (!f) return;
    setFile({ name: f.name, text: await f.text() });
    setPlan(undefined);
    setReport(undefined);
    setFailure(undefined);
  }

  async function dryRun() {
    if (!realm || !file) return;
    setBusy('plan');
    setFailure(undefined);
    setReport(undefined);
    try {
      setPlan(await importApi.dryRun(realm, file.text));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(undefined);
    }
  }

  async function apply() {
    if (!realm || !file) return;
    opId.current = newOpId();
    setBusy('apply');
    setFailure(undefined);
    setProgress(undefined);
    try {
      const rep = await importApi.apply(opId.current, realm, file.text);
      setReport(rep);
      if (rep.cancelled)
        notify.warning(`Import cancelled: ${rep.created + rep.updated} rows applied, ${rep.notRun} not run`);
      else notify.success(`Import finished: ${rep.created} created, ${rep.updated} updated, ${rep.failed} failed`);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(undefined);
    }
  }

  async function saveReport() {
    if (!report) return;
    try {
      const path = await importApi.saveReport(report.results);
      if (path) notify.success(`Report saved to ${path}`);
    } catch (err) {
      notify.error(err);
    }
  }

  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;

  return (
    <>
      <PageHeader
        title="Import users"
        subtitle={
          <>
            From a CSV file with a header row. <Link to={toUsers(realm)}>Back to users</Link>
          </>
        }
        actions={
          <RealmPicker realms={realms} value={realm} loading={loading} onChange={(r) => setParams({ realm: r })} />
        }
      />
      <ReadOnlyBanner readOnly={readOnly} profileName={profile?.name} />
      <ErrorAlert error={error} />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph>
          Columns: <Typography.Text code>username</Typography.Text> (required),{' '}
          <Typography.Text code>email</Typography.Text>, <Typography.Text code>first name</Typography.Text>,{' '}
          <Typography.Text code>last name</Typography.Text>, <Typography.Text code>enabled</Typography.Text> (yes/no),{' '}
          <Typography.Text code>groups</Typography.Text>, <Typography.Text code>realm roles</Typography.Text>,{' '}
          <Typography.Text code>temporary password</Typography.Text>. Separate several groups or roles with{' '}
          <Typography.Text code>;</Typography.Text> or <Typography.Text code>|</Typography.Text>. Existing users are
          updated: filled cells overwrite, groups and roles are added, never removed.
        </Typography.Paragraph>
        <Space wrap>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            style={{ display: 'none' }}
            onChange={(e) => chooseFile(e.target.files?.[0])}
          />
          <Button
            icon={<CloudUploadOutlined aria-hidden />}
            onClick={() => fileInput.current?.click()}
            disabled={busy !== undefined}
          >
            {file ? `File: ${file.name}` : 'Choose CSV file'}
          </Button>
          <Button
            icon={<FileSearchOutlined aria-hidden />}
            onClick={dryRun}
            loading={busy === 'plan'}
            disabled={!file || !realm || busy === 'apply'}
          >
            Dry run
          </Button>
          <Button
            type="primary"
            onClick={apply}
            loading={busy === 'apply'}
            disabled={!plan || readOnly || busy !== undefined || plan.creates + plan.updates === 0}
          >
            Apply to {realm ?? 'realm'}
          </Button>
          {busy === 'apply' && (
            <Button danger icon={<StopOutlined aria-hidden />} onClick={() => importApi.cancel(opId.current)}>
              Cancel
            </Button>
          )}
        </Space>
      </Card>
      <ErrorAlert error={failure} />
      {plan?.hashing && !report && <HashingNotice hashing={plan.hashing} />}
      {busy === 'apply' && (
        <Card style={{ marginBottom: 16 }}>
          <Progress percent={percent} aria-label="Import progress" />
          {progress && (
            <Typography.Text type="secondary">
              {progress.done} of {progress.total} rows: {progress.created} created, {progress.updated} updated,{' '}
              {progress.skipped} skipped, {progress.failed} failed
            </Typography.Text>
          )}
        </Card>
      )}
      {report ? (
        <Card
          title={report.cancelled ? 'Result (cancelled)' : 'Result'}
          extra={
            <Button icon={<SaveOutlined aria-hidden />} onClick={saveReport}>
              Save report
            </Button>
          }
        >
          {report.cancelled && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="The import was cancelled: rows marked “ok” were applied, rows marked “not run” were not touched."
            />
          )}
          <Flex gap={32} style={{ marginBottom: 16 }}>
            <Statistic title="Created" value={report.created} />
            <Statistic title="Updated" value={report.updated} />
            <Statistic title="Skipped" value={report.skipped} />
            <Statistic title="Failed" value={report.failed} />
            <Statistic title="Not run" value={report.notRun} />
          </Flex>
          <Table
            size="small"
            rowKey="line"
            dataSource={report.results}
            pagination={{ pageSize: 50, size: 'small' }}
            columns={[
              { title: 'Line', dataIndex: 'line', width: 70 },
              { title: 'Username', dataIndex: 'username' },
              { title: 'Action', dataIndex: 'action', render: (a: string) => <Tag color={actionColour[a]}>{a}</Tag> },
              { title: 'Status', dataIndex: 'status', render: (s: string) => <Tag color={statusColour[s]}>{s}</Tag> },
              { title: 'Message', dataIndex: 'message' },
            ]}
          />
        </Card>
      ) : (
        plan && (
          <Card title="Dry run: nothing has been written yet">
            <Flex gap={32} style={{ marginBottom: 16 }}>
              <Statistic title="To create" value={plan.creates} />
              <Statistic title="To update" value={plan.updates} />
              <Statistic title="To skip" value={plan.skips} />
            </Flex>
            <Table
              size="small"
              rowKey="line"
              dataSource={plan.rows}
              pagination={{ pageSize: 50, size: 'small' }}
              columns={[
                { title: 'Line', dataIndex: 'line', width: 70 },
                { title: 'Username', dataIndex: 'username' },
                { title: 'Action', dataIndex: 'action', render: (a: string) => <Tag color={actionColour[a]}>{a}</Tag> },
                { title: 'Reason', dataIndex: 'reason' },
              ]}
            />
          </Card>
        )
      )}
    </>
  );
}
