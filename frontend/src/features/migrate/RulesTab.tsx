import { FileSearchOutlined, ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Input, Popconfirm, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { FileButton } from '@/components/FileButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { describeDiff, isEmptyDiff, routeFileDiff } from '@/features/routes/routeDiff';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { migrateApi, type Into, type RulesInput, type RulesPreview } from './api';
import { ruleOutcomeColour } from './model';

/** One rule's line of the conversion report. */
type ConvertedRule = RulesPreview['conversion']['rules'][number];

interface TextFile {
  name: string;
  text: string;
}

/** A file chosen through FileButton, its text read: the button then names it. */
function OpenFile({
  label,
  accept,
  file,
  onText,
}: {
  label: string;
  accept: string;
  file?: TextFile;
  onText: (f: TextFile) => void;
}) {
  return (
    <FileButton
      label={label}
      accept={accept}
      onFile={(f) => void f.text().then((text) => onText({ name: f.name, text }))}
    >
      {file ? `${label}: ${file.name}` : `Open ${label[0].toLowerCase()}${label.slice(1)}`}
    </FileButton>
  );
}

const list = (items: string[]) =>
  items.length ? (
    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
      {items.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ul>
  ) : null;

export interface RulesTabProps {
  profileName?: string;
  /** Called with the rules once they are in the profile's routes. */
  onImported: (input: RulesInput) => void;
}

/** Oathkeeper access rules: convert, see each rule's report and the difference, then import. */
export function RulesTab({ profileName, onImported }: RulesTabProps) {
  const readOnly = useReadOnly();
  const [rules, setRules] = useState<TextFile>({ name: '', text: '' });
  const [config, setConfig] = useState<TextFile>({ name: '', text: '' });
  const [issuer, setIssuer] = useState('');
  const [strategy, setStrategy] = useState('');
  const [into, setInto] = useState<Into>('merge');
  const [preview, setPreview] = useState<RulesPreview>();

  const input = (): RulesInput => ({ rules: rules.text, config: config.text, issuer, matchingStrategy: strategy });

  // Converting and importing, one at a time, with one failure shown.
  const [step, setStep] = useState<'preview' | 'import'>('preview');
  const submit = useSubmit(async (kind: 'preview' | 'import', way: Into) => {
    setStep(kind);
    if (kind === 'preview') {
      try {
        setPreview(await migrateApi.previewRules(input(), way));
      } catch (err) {
        // The report of other rules would read as the answer to these.
        setPreview(undefined);
        throw err;
      }
      return;
    }
    const f = await migrateApi.importRules(input(), way);
    notify.success(`Routes of ${f.profile} saved: ${f.config.routes.length} routes`);
    setPreview(undefined);
    onImported(input());
  });
  const busy = submit.busy ? step : undefined;
  const convert = (way = into) => submit.run('preview', way);

  const diff = preview ? routeFileDiff(preview.current, preview.result) : undefined;
  const conv = preview?.conversion;

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          An access rules file as Oathkeeper reads it (JSON or YAML), and optionally Oathkeeper&apos;s own config for
          the issuer and the matching strategy. Nothing is saved until you import.
        </Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }}>
          <OpenFile
            label="Rules file"
            accept=".json,.yaml,.yml"
            file={rules.name ? rules : undefined}
            onText={setRules}
          />
          <OpenFile
            label="Oathkeeper config"
            accept=".json,.yaml,.yml"
            file={config.name ? config : undefined}
            onText={setConfig}
          />
        </Space>
        <Input.TextArea
          aria-label="Access rules"
          placeholder="…or paste the access rules here"
          autoSize={{ minRows: 4, maxRows: 14 }}
          value={rules.text}
          onChange={(e) => setRules({ name: '', text: e.target.value })}
          style={{ fontFamily: 'monospace', marginBottom: 12 }}
        />
        <Space wrap>
          <Input
            aria-label="Issuer"
            placeholder="Issuer (else from Oathkeeper's config)"
            value={issuer}
            onChange={(e) => setIssuer(e.target.value)}
            style={{ width: 360 }}
          />
          <Select
            aria-label="Matching strategy"
            value={strategy}
            onChange={setStrategy}
            style={{ width: 220 }}
            options={[
              { value: '', label: 'Strategy from the config' },
              { value: 'glob', label: 'glob' },
              { value: 'regexp', label: 'regexp' },
            ]}
          />
          <Radio.Group
            aria-label="Into the profile's routes"
            value={into}
            onChange={(e) => {
              // antd types a radio's value as any: read it back as one of the two options above.
              const next: Into = e.target.value === 'replace' ? 'replace' : 'merge';
              setInto(next);
              if (preview) void convert(next);
            }}
            options={[
              { value: 'merge', label: 'Merge by name' },
              { value: 'replace', label: 'Replace all routes' },
            ]}
          />
          <Button
            icon={<FileSearchOutlined aria-hidden />}
            onClick={() => void convert()}
            loading={busy === 'preview'}
            disabled={!rules.text.trim() || busy === 'import'}
          >
            Convert
          </Button>
        </Space>
      </Card>
      <ErrorAlert error={submit.error} />
      {preview && conv && diff && (
        <>
          <Card
            title={`Into the routes of ${preview.profile}`}
            style={{ marginBottom: 16 }}
            extra={
              <Popconfirm
                title={`Import into ${preview.profile}?`}
                description={`This ${describeDiff(diff)}.`}
                okText="Import"
                onConfirm={() => void submit.run('import', into)}
                disabled={readOnly || preview.problems.length > 0}
              >
                <Button
                  type="primary"
                  icon={<ImportOutlined aria-hidden />}
                  loading={busy === 'import'}
                  disabled={readOnly || preview.problems.length > 0 || isEmptyDiff(diff) || busy !== undefined}
                >
                  Import routes
                </Button>
              </Popconfirm>
            }
          >
            <Typography.Paragraph>
              {into === 'merge' ? 'Merging by name' : 'Replacing the routes'} {describeDiff(diff)}.
            </Typography.Paragraph>
            {readOnly && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={`${profileName ?? 'The profile'} is read-only: nothing can be imported.`}
              />
            )}
            {preview.problems.length > 0 && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title="The routes would not be saved"
                description={list(preview.problems.map((p) => p.sentence || p.message))}
              />
            )}
            {[...conv.notes, ...preview.notes].length > 0 && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title="Notes"
                description={list([...conv.notes, ...preview.notes])}
              />
            )}
            <Collapse
              size="small"
              items={[
                {
                  key: 'yaml',
                  label: 'The converted route file',
                  children: <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{preview.yaml}</pre>,
                },
              ]}
            />
          </Card>
          <Card title="Per rule">
            <DataTable<ConvertedRule>
              rowKey="id"
              rows={conv.rules}
              columns={[
                { title: 'Rule', dataIndex: 'id' },
                {
                  title: 'Outcome',
                  dataIndex: 'outcome',
                  render: (o: string, r) => (
                    <>
                      <Tag color={ruleOutcomeColour[o]}>{o}</Tag>
                      {r.route && r.route !== r.id && <Typography.Text type="secondary">as {r.route}</Typography.Text>}
                    </>
                  ),
                },
                {
                  title: 'Mapped',
                  dataIndex: 'mapped',
                  render: (m: string[], r) => list([...m, ...r.notes.map((n) => `note: ${n}`)]),
                },
                {
                  title: 'No equivalent',
                  dataIndex: 'gaps',
                  render: (gaps: ConvertedRule['gaps']) => list(gaps.map((g) => `${g.field}: ${g.reason}`)),
                },
                {
                  title: 'Behaviour changes',
                  dataIndex: 'changes',
                  render: (changes: ConvertedRule['changes']) => list(changes.map((c) => c.text)),
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
