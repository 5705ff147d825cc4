import { FileSearchOutlined, SaveOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CancelledAlert } from '@/components/CancelledAlert';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { FileButton } from '@/components/FileButton';
import { OperationProgress } from '@/components/OperationProgress';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { notify } from '@/lib/notify';
import { useOperation } from '@/lib/useOperation';
import { useSubmit } from '@/lib/useSubmit';
import { importApi, type ImportPlan, type ImportProgress, type ImportReport } from './api';
import { HashingNotice } from './HashingNotice';
import { RealmPicker } from './RealmPicker';
import { toUsers } from './routes';

const actionColour: Record<string, string> = { create: 'green', update: 'blue', skip: 'default' };
const statusColour: Record<string, string> = { ok: 'green', skipped: 'default', failed: 'red', 'not run': 'orange' };

/** The first columns of both the plan and the report: the CSV line, who, and what is (or was) done. */
const lineColumns = [
  { title: 'Line', dataIndex: 'line', width: 70 },
  { title: 'Username', dataIndex: 'username' },
  { title: 'Action', dataIndex: 'action', render: (a: string) => <Tag color={actionColour[a]}>{a}</Tag> },
];

export function ImportPage() {
  const [params, setParams] = useSearchParams();
  const { realms, realm, loading, error } = useActiveRealm(params.get('realm') ?? undefined);
  const readOnly = useReadOnly();
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [plan, setPlan] = useState<ImportPlan>();
  const [report, setReport] = useState<ImportReport>();
  const op = useOperation<ImportProgress>('import');

  // One step at a time, with one failure shown: a dry run or the import itself.
  const [step, setStep] = useState<'plan' | 'apply'>('plan');
  const submit = useSubmit(async (kind: 'plan' | 'apply', r: string, text: string) => {
    setStep(kind);
    setReport(undefined);
    if (kind === 'plan') {
      setPlan(await importApi.dryRun(r, text));
      return;
    }
    const rep = await importApi.apply(op.start(), r, text);
    setReport(rep);
    if (rep.cancelled)
      notify.warning(`Import cancelled: ${rep.created + rep.updated} rows applied, ${rep.notRun} not run`);
    else notify.success(`Import finished: ${rep.created} created, ${rep.updated} updated, ${rep.failed} failed`);
  });
  const busy = submit.busy ? step : undefined;
  const { progress } = op;

  async function chooseFile(f: File) {
    setFile({ name: f.name, text: await f.text() });
    setPlan(undefined);
    setReport(undefined);
    submit.clearError();
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
      <ReadOnlyBanner />
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
          <FileButton
            label="CSV file"
            accept=".csv,text/csv"
            onFile={(f) => void chooseFile(f)}
            disabled={busy !== undefined}
          >
            {file ? `File: ${file.name}` : 'Choose CSV file'}
          </FileButton>
          <Button
            icon={<FileSearchOutlined aria-hidden />}
            onClick={() => realm && file && void submit.run('plan', realm, file.text)}
            loading={busy === 'plan'}
            disabled={!file || !realm || busy === 'apply'}
          >
            Dry run
          </Button>
          <Button
            type="primary"
            onClick={() => realm && file && void submit.run('apply', realm, file.text)}
            loading={busy === 'apply'}
            disabled={!plan || readOnly || busy !== undefined || plan.creates + plan.updates === 0}
          >
            Apply to {realm ?? 'realm'}
          </Button>
          {busy === 'apply' && (
            <Button danger icon={<StopOutlined aria-hidden />} onClick={() => void importApi.cancel(op.opId())}>
              Cancel
            </Button>
          )}
        </Space>
      </Card>
      <ErrorAlert error={submit.error} />
      {plan?.hashing && !report && <HashingNotice hashing={plan.hashing} />}
      {busy === 'apply' && (
        <OperationProgress
          percent={op.percent}
          label="Import progress"
          detail={
            progress &&
            `${progress.done} of ${progress.total} rows: ${progress.created} created, ${progress.updated} updated, ${progress.skipped} skipped, ${progress.failed} failed`
          }
        />
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
          <CancelledAlert cancelled={report.cancelled}>
            The import was cancelled: rows marked “ok” were applied, rows marked “not run” were not touched.
          </CancelledAlert>
          <Counts
            of={{
              Created: report.created,
              Updated: report.updated,
              Skipped: report.skipped,
              Failed: report.failed,
              'Not run': report.notRun,
            }}
          />
          <DataTable
            rowKey="line"
            rows={report.results}
            pageSize={50}
            columns={[
              ...lineColumns,
              { title: 'Status', dataIndex: 'status', render: (s: string) => <Tag color={statusColour[s]}>{s}</Tag> },
              { title: 'Message', dataIndex: 'message' },
            ]}
          />
        </Card>
      ) : (
        plan && (
          <Card title="Dry run: nothing has been written yet">
            <Counts of={{ 'To create': plan.creates, 'To update': plan.updates, 'To skip': plan.skips }} />
            <DataTable
              rowKey="line"
              rows={plan.rows}
              pageSize={50}
              columns={[...lineColumns, { title: 'Reason', dataIndex: 'reason' }]}
            />
          </Card>
        )
      )}
    </>
  );
}

/** The rows of a plan or report counted per outcome, side by side. */
function Counts({ of }: { of: Record<string, number> }) {
  return (
    <Flex gap={32} style={{ marginBottom: 16 }}>
      {Object.entries(of).map(([title, value]) => (
        <Statistic key={title} title={title} value={value} />
      ))}
    </Flex>
  );
}
