import { Button, Checkbox, Flex, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { LabeledInput } from '@/components/LabeledInput';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { profilesApi, type ExportRequest } from './api';

/**
 * Exports every profile with its routes as JSON. Secrets are left out unless
 * asked for, and then encrypted with a passphrase (scrypt + AES-256-GCM).
 */
export function ExportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [withSecrets, setWithSecrets] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [text, setText] = useState<string | undefined>(undefined);
  const request = (): ExportRequest => ({ ids: [], withSecrets, passphrase: withSecrets ? passphrase : '' });
  const { busy, error, run, clearError } = useSubmit(async (toFile: boolean) => {
    if (!toFile) {
      setText(await profilesApi.exportText(request()));
      return;
    }
    const path = await profilesApi.exportToFile(request());
    if (path) {
      notify.success(`Exported to ${path}.`);
      onClose();
    }
  });

  useEffect(() => {
    if (open) {
      setWithSecrets(false);
      setPassphrase('');
      setText(undefined);
      clearError();
    }
  }, [open, clearError]);

  return (
    <Modal
      open={open}
      title="Export profiles"
      onCancel={onClose}
      destroyOnHidden
      width={640}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>Close</Button>
          <Button onClick={() => void run(false)} loading={busy}>
            Show JSON
          </Button>
          <Button type="primary" onClick={() => void run(true)} loading={busy}>
            Save to file…
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        Every profile with its routes and proxy settings. Secrets are not included unless you ask for them.
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item>
          <Checkbox checked={withSecrets} onChange={(e) => setWithSecrets(e.target.checked)}>
            Include secrets, encrypted with a passphrase
          </Checkbox>
        </Form.Item>
        {withSecrets && (
          <LabeledInput label="Passphrase (at least 8 characters)" secret value={passphrase} onChange={setPassphrase} />
        )}
      </Form>
      <ErrorAlert error={error} />
      {text !== undefined && (
        <>
          <Input.TextArea
            aria-label="Exported JSON"
            value={text}
            readOnly
            autoSize={{ minRows: 6, maxRows: 16 }}
            style={{ fontFamily: 'monospace' }}
          />
          <Button
            style={{ marginTop: 8 }}
            onClick={() => void navigator.clipboard?.writeText(text).then(() => notify.success('Copied.'))}
          >
            Copy
          </Button>
        </>
      )}
    </Modal>
  );
}
