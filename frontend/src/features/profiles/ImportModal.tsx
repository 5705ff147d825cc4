import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { LabeledInput } from '@/components/LabeledInput';
import { useSubmit } from '@/lib/useSubmit';
import { profilesApi, type Conflict, type ImportResult } from './api';

/** Imports an export file (chosen or pasted). All profiles are created, or none. */
export function ImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const [data, setData] = useState('');
  const [fileName, setFileName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [skipSecrets, setSkipSecrets] = useState(false);
  const [onConflict, setOnConflict] = useState<Conflict>('skip');
  const [result, setResult] = useState<ImportResult | undefined>(undefined);
  const { busy, error, run, clearError } = useSubmit(async () => {
    setResult(await profilesApi.importData({ data, passphrase, skipSecrets, onConflict }));
    onImported();
  });

  useEffect(() => {
    if (open) {
      setData('');
      setFileName('');
      setPassphrase('');
      setSkipSecrets(false);
      setOnConflict('skip');
      setResult(undefined);
      clearError();
    }
  }, [open, clearError]);

  const hasSecrets = /"secrets"\s*:\s*\{/.test(data);

  async function pick(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    setData(await file.text());
  }

  return (
    <Modal
      open={open}
      title="Import profiles"
      onCancel={onClose}
      destroyOnHidden
      width={640}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{result ? 'Close' : 'Cancel'}</Button>
          {!result && (
            <Button type="primary" onClick={() => void run()} loading={busy} disabled={!data.trim()}>
              Import
            </Button>
          )}
        </Flex>
      }
    >
      {result ? (
        <Alert
          type="success"
          showIcon
          title={`Imported ${result.created.length} profile(s)${result.created.length ? `: ${result.created.join(', ')}` : ''}.`}
          description={
            <>
              {Object.entries(result.renamed ?? {}).map(([from, to]) => (
                <div key={from}>
                  Renamed “{from}” to “{to}”: the name was taken.
                </div>
              ))}
              {result.skipped.length > 0 && <div>Skipped (name taken): {result.skipped.join(', ')}.</div>}
              {result.withoutSecret.length > 0 && (
                <div>Without a secret (edit them to set one): {result.withoutSecret.join(', ')}.</div>
              )}
            </>
          }
        />
      ) : (
        <Form layout="vertical">
          <Form.Item label="Export file" htmlFor="import-file">
            <input
              id="import-file"
              type="file"
              accept=".json,application/json"
              onChange={(e) => void pick(e.target.files?.[0])}
            />
            {fileName && <Typography.Text type="secondary"> {fileName}</Typography.Text>}
          </Form.Item>
          <Form.Item label="…or paste its content" htmlFor="import-text">
            <Input.TextArea
              id="import-text"
              value={data}
              onChange={(e) => setData(e.target.value)}
              autoSize={{ minRows: 3, maxRows: 10 }}
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
          {hasSecrets && (
            <>
              <LabeledInput
                label="Passphrase of the file's secrets"
                secret
                value={passphrase}
                onChange={setPassphrase}
                disabled={skipSecrets}
              />
              <Form.Item>
                <Checkbox checked={skipSecrets} onChange={(e) => setSkipSecrets(e.target.checked)}>
                  Import without the secrets
                </Checkbox>
              </Form.Item>
            </>
          )}
          <Form.Item label="When a profile with the same name exists">
            <Radio.Group
              value={onConflict}
              onChange={(e) => setOnConflict(e.target.value === 'rename' ? 'rename' : 'skip')}
              options={[
                { value: 'skip', label: 'Keep the existing one' },
                { value: 'rename', label: 'Import under a new name' },
              ]}
            />
          </Form.Item>
        </Form>
      )}
      <ErrorAlert error={error} />
    </Modal>
  );
}
