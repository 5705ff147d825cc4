import { CopyOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Modal, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';
import { routesApi, type RouteConfig, type RouteFile } from './api';
import { describeDiff, isEmptyDiff, routeFileDiff, type RouteFileDiff } from './routeDiff';

export interface ImportModalProps {
  open: boolean;
  readOnly: boolean;
  /** The profile's routes now: the import is shown as a difference from them. */
  current: RouteConfig;
  profile: string;
  onClose: () => void;
  /** After a replace, with the routes it replaced (for one undo). */
  onImported: (file: RouteFile, previous: RouteConfig) => void;
}

/**
 * Replace the profile's routes with a route file, pasted or read from disk.
 * "Check" shows every problem with its line, or what the import would add,
 * remove and change; replacing needs a passed check and a confirmation.
 */
export function ImportModal({ open, readOnly, current, profile, onClose, onImported }: ImportModalProps) {
  const { modal } = App.useApp();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [preview, setPreview] = useState<RouteConfig | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const diff = preview ? routeFileDiff(current, preview) : undefined;

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
    if (!diff) return;
    const ok = await modal.confirm({
      title: `Replace the routes of ${profile}?`,
      content: `This import ${describeDiff(diff)}. You can undo it once from the Routes screen.`,
      okText: 'Replace routes',
      okButtonProps: { danger: true },
    });
    if (!ok) return;
    setBusy(true);
    setError(undefined);
    try {
      onImported(await routesApi.importYAML(text), current);
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
              disabled={!diff || isEmptyDiff(diff) || readOnly}
              title={diff ? undefined : 'Check the file first'}
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
      {preview && diff && (
        <Alert
          type={isEmptyDiff(diff) ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          title={`Valid: ${preview.routes?.length ?? 0} routes. Importing ${describeDiff(diff)}.`}
          description={<DiffTags diff={diff} />}
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

/** The routes an import adds, removes and changes, as coloured tags. */
function DiffTags({ diff }: { diff: RouteFileDiff }) {
  const tags = [
    ...diff.added.map((n) => ({ n, color: 'green', what: 'added' })),
    ...diff.removed.map((n) => ({ n, color: 'red', what: 'removed' })),
    ...diff.changed.map((n) => ({ n, color: 'orange', what: 'changed' })),
    ...diff.settings.map((n) => ({ n, color: 'purple', what: 'changed' })),
  ];
  if (!tags.length) return null;
  return (
    <Flex wrap gap={4} aria-label="Changes">
      {tags.map(({ n, color, what }) => (
        <Tag key={`${what}-${n}`} color={color}>
          {what}: {n}
        </Tag>
      ))}
    </Flex>
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
