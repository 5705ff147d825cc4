import { CopyOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Modal, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';
import { routesApi, type RouteConfig, type RouteFile } from './api';

export interface ImportModalProps {
  open: boolean;
  readOnly: boolean;
  onClose: () => void;
  onImported: (file: RouteFile) => void;
}

/**
 * Replace the profile's routes with a route file, pasted or read from disk.
 * "Check" shows every problem with its line before anything is saved.
 */
export function ImportModal({ open, readOnly, onClose, onImported }: ImportModalProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [preview, setPreview] = useState<RouteConfig | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setText('');
      setError(undefined);
      setPreview(undefined);
    }
  }, [open]);

  async function check() {
    setError(undefined);
    setPreview(undefined);
    try {
      setPreview(await routesApi.parseYAML(text));
    } catch (err) {
      setError(err);
    }
  }

  async function doImport() {
    setBusy(true);
    setError(undefined);
    try {
      onImported(await routesApi.importYAML(text));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Import routes"
      width={720}
      onCancel={onClose}
      footer={
        <Flex justify="space-between">
          <Upload
            accept=".yaml,.yml,.json,text/yaml,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((t) => {
                setText(t);
                setPreview(undefined);
                setError(undefined);
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />}>Open file…</Button>
          </Upload>
          <Flex gap={8}>
            <Button onClick={onClose}>Cancel</Button>
            <Button onClick={() => void check()} disabled={!text.trim()}>
              Check
            </Button>
            <Button
              type="primary"
              danger
              onClick={() => void doImport()}
              loading={busy}
              disabled={!text.trim() || readOnly}
            >
              Replace routes
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        Paste a route file (YAML or JSON, the format of <Typography.Text code>tandemctl proxy --config</Typography.Text>
        ). Importing replaces all routes of this profile.
      </Typography.Paragraph>
      <ErrorAlert error={error} title="The file has problems" />
      {preview && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Valid: ${preview.routes?.length ?? 0} routes (${(preview.routes ?? []).map((r) => r.name).join(', ')})`}
        />
      )}
      <Input.TextArea
        aria-label="Route file"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setPreview(undefined);
        }}
        autoSize={{ minRows: 12, maxRows: 24 }}
        style={{ fontFamily: 'monospace' }}
        spellCheck={false}
        placeholder={
          'version: 1\nroutes:\n  - name: feed\n    path: /api/feed\n    upstream: http://127.0.0.1:9090\n    auth: optional'
        }
      />
    </Modal>
  );
}

export interface ExportModalProps {
  open: boolean;
  profile: string;
  onClose: () => void;
}

/** The profile's routes as a route file, to copy or download. */
export function ExportModal({ open, profile, onClose }: ExportModalProps) {
  const [text, setText] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (!open) return;
    setText(undefined);
    setError(undefined);
    routesApi.exportYAML().then(setText, setError);
  }, [open]);

  function download() {
    if (text === undefined) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${profile.toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'routes'}-routes.yaml`;
    a.click();
    URL.revokeObjectURL(url);
  }

  async function copy() {
    if (text === undefined) return;
    try {
      await navigator.clipboard.writeText(text);
      notify.success('Route file copied.');
    } catch (err) {
      notify.error(err, 'Cannot copy');
    }
  }

  return (
    <Modal
      open={open}
      title="Export routes"
      width={720}
      onCancel={onClose}
      footer={
        <Flex gap={8} justify="flex-end">
          <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copy()} disabled={text === undefined}>
            Copy
          </Button>
          <Button icon={<DownloadOutlined aria-hidden />} onClick={download} disabled={text === undefined}>
            Download
          </Button>
          <Button type="primary" onClick={onClose}>
            Close
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} />
      <Input.TextArea
        aria-label="Exported route file"
        readOnly
        value={text ?? ''}
        autoSize={{ minRows: 12, maxRows: 28 }}
        style={{ fontFamily: 'monospace' }}
      />
    </Modal>
  );
}
