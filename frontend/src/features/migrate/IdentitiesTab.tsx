import { FileSearchOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CancelledAlert } from '@/components/CancelledAlert';
import { tagColumn } from '@/components/columns';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { FileButton } from '@/components/FileButton';
import { OperationProgress } from '@/components/OperationProgress';
import { useReadOnly } from '@/features/profiles/activeProfile';
import type { RealmSummary } from '@/features/realms/api';
import { RealmPicker } from '@/features/users/RealmPicker';
import { notify } from '@/lib/notify';
import { useOperation } from '@/lib/useOperation';
import { useSubmit } from '@/lib/useSubmit';
import {
  migrateApi,
  type IdentitiesFile,
  type IdentityImportProgress,
  type IdentityReport,
  type IdentityResult,
  type Mapping,
} from './api';
import {
  formToMapping,
  identityStatusColour,
  identityTotals,
  mappingToForm,
  passwordText,
  type MappingForm,
} from './model';

export interface IdentitiesTabProps {
  realms: RealmSummary[];
  realm: string | undefined;
  realmsLoading: boolean;
  onRealm: (realm: string) => void;
}

const mappingFields: { key: keyof MappingForm; label: string }[] = [
  { key: 'username', label: 'Username' },
  { key: 'email', label: 'Email' },
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
];

/** Kratos identities: open an export, map traits, dry run, import with progress and cancel. */
export function IdentitiesTab({ realms, realm, realmsLoading, onRealm }: IdentitiesTabProps) {
  const readOnly = useReadOnly();
  const [file, setFile] = useState<{ name: string; text: string; summary: IdentitiesFile }>();
  const [form, setForm] = useState<MappingForm>();
  const [defaults, setDefaults] = useState<MappingForm>();
  const [report, setReport] = useState<IdentityReport>();
  const [mappingError, setMappingError] = useState<unknown>();
  const op = useOperation<IdentityImportProgress>('kratos');

  useEffect(() => {
    migrateApi.defaultMapping().then(
      (m) => {
        const f = mappingToForm(m);
        setDefaults(f);
        setForm((cur) => cur ?? f);
      },
      (err) => setMappingError(err),
    );
  }, []);

  const parsed = form ? formToMapping(form) : undefined;
  const ready = !!file && !!realm && !!parsed && parsed.problems.length === 0;

  const reading = useSubmit(async (name: string, text: string) => {
    setReport(undefined);
    // A file that cannot be read leaves none chosen, rather than the previous one.
    setFile(undefined);
    setFile({ name, text, summary: await migrateApi.readIdentities(text) });
  });
  // A dry run or the import itself, one at a time.
  const [step, setStep] = useState<'dry' | 'import'>('dry');
  const submit = useSubmit(async (kind: 'dry' | 'import', r: string, text: string, mapping: Mapping) => {
    setStep(kind);
    if (kind === 'dry') {
      setReport(await migrateApi.dryRun(r, text, mapping));
      return;
    }
    const rep = await migrateApi.importIdentities(op.start(), r, text, mapping);
    setReport(rep);
    if (rep.cancelled) notify.warning(`Import cancelled: ${rep.created} created, ${rep.notRun} not run`);
    else notify.success(`Import finished: ${rep.created} created, ${rep.existing} already there, ${rep.failed} failed`);
  });
  const busy = reading.busy ? 'read' : submit.busy ? step : undefined;
  // One failure on screen: each step clears what the other reported.
  const failure = reading.error ?? submit.error ?? mappingError;

  async function open(f: File) {
    const text = await f.text();
    submit.clearError();
    await reading.run(f.name, text);
  }

  function run(dry: boolean) {
    if (!file || !realm || !parsed) return;
    reading.clearError();
    void submit.run(dry ? 'dry' : 'import', realm, file.text, parsed.mapping);
  }

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          The JSON that Kratos&apos;s admin API lists with{' '}
          <Typography.Text code>GET /admin/identities?include_credential=password</Typography.Text>. argon2id and pbkdf2
          passwords are kept; any other password must be reset.
        </Typography.Paragraph>
        <Space wrap>
          <FileButton
            label="Identities file"
            accept=".json,application/json"
            loading={busy === 'read'}
            onFile={(f) => void open(f)}
          >
            {file ? `File: ${file.name}` : 'Open identities file'}
          </FileButton>
          <RealmPicker realms={realms} value={realm} loading={realmsLoading} onChange={onRealm} />
        </Space>
        {file && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            {file.summary.count} identities, {file.summary.withPassword} with a password. Traits:{' '}
            {file.summary.traits.length ? file.summary.traits.sort().join(', ') : 'none'}.
          </Typography.Paragraph>
        )}
      </Card>
      {form && (
        <Card
          title="Trait mapping"
          style={{ marginBottom: 16 }}
          extra={
            <Button size="small" onClick={() => defaults && setForm(defaults)} disabled={!defaults}>
              Defaults
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            Sources are dot paths from <Typography.Text code>traits</Typography.Text>,{' '}
            <Typography.Text code>metadata_public</Typography.Text>,{' '}
            <Typography.Text code>metadata_admin</Typography.Text>, <Typography.Text code>id</Typography.Text>,{' '}
            <Typography.Text code>schema_id</Typography.Text> or <Typography.Text code>state</Typography.Text>; several,
            comma-separated, are tried in order.
          </Typography.Paragraph>
          <Form layout="vertical">
            <Flex gap={16} wrap="wrap">
              {mappingFields.map(({ key, label }) => (
                <Form.Item key={key} label={label} style={{ flex: '1 1 220px', marginBottom: 8 }}>
                  <Input
                    aria-label={label}
                    value={form[key]}
                    onChange={(e) => setForm({ ...form, [key]: e.target.value })}
                  />
                </Form.Item>
              ))}
            </Flex>
            <Form.Item label="Attributes (one “attribute: source” a line)" style={{ marginBottom: 8 }}>
              <Input.TextArea
                aria-label="Attributes"
                autoSize={{ minRows: 2, maxRows: 8 }}
                value={form.attributes}
                placeholder="plan: metadata_public.plan"
                onChange={(e) => setForm({ ...form, attributes: e.target.value })}
              />
            </Form.Item>
          </Form>
          {parsed && parsed.problems.length > 0 && (
            <Alert type="error" showIcon title="The mapping cannot be read" description={parsed.problems.join(' ')} />
          )}
          <Space wrap style={{ marginTop: 12 }}>
            <Button
              icon={<FileSearchOutlined aria-hidden />}
              onClick={() => run(true)}
              loading={busy === 'dry'}
              disabled={!ready || busy !== undefined}
            >
              Dry run
            </Button>
            <Button
              type="primary"
              onClick={() => run(false)}
              loading={busy === 'import'}
              disabled={!ready || readOnly || busy !== undefined}
            >
              Import into {realm ?? 'realm'}
            </Button>
            {busy === 'import' && (
              <Button
                danger
                icon={<StopOutlined aria-hidden />}
                onClick={() => void migrateApi.cancelImport(op.opId())}
              >
                Cancel
              </Button>
            )}
          </Space>
        </Card>
      )}
      <ErrorAlert error={failure} />
      {busy === 'import' && (
        <OperationProgress
          percent={op.percent}
          label="Import progress"
          detail={op.progress && `${op.progress.done} of ${op.progress.total} identities`}
        />
      )}
      {report && (
        <Card
          title={
            report.dryRun ? 'Dry run: nothing has been written' : report.cancelled ? 'Result (cancelled)' : 'Result'
          }
        >
          <CancelledAlert cancelled={report.cancelled}>
            The import was cancelled: identities marked “not run” were left alone.
          </CancelledAlert>
          <Flex gap={32} style={{ marginBottom: 8 }} wrap="wrap">
            <Statistic title={report.dryRun ? 'To create' : 'Created'} value={report.created} />
            <Statistic title="Password kept" value={report.passwordsKept} />
            <Statistic title="Must reset" value={report.mustReset} />
            <Statistic title="Already there" value={report.existing} />
            <Statistic title="Failed" value={report.failed} />
            <Statistic title="Not run" value={report.notRun} />
          </Flex>
          <Typography.Paragraph type="secondary">{identityTotals(report)}</Typography.Paragraph>
          <DataTable<IdentityResult>
            rowKey="identityId"
            rows={report.results}
            pageSize={50}
            columns={[
              { title: 'Identity', dataIndex: 'identityId' },
              { title: 'Username', dataIndex: 'username' },
              tagColumn('Status', 'status', (s) => identityStatusColour[s]),
              { title: 'Password', key: 'password', render: (_, r) => passwordText(r) },
              { title: 'Reason', dataIndex: 'reason' },
              {
                title: 'Not imported',
                dataIndex: 'notImported',
                render: (n: string[] | undefined) => (n ?? []).join(', '),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}
