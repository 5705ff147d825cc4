import { Input, Modal, Typography } from 'antd';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

export interface ConfirmDeleteProps {
  open: boolean;
  /** What is deleted, in lower case: "user", "realm", "route". */
  kind: string;
  /** The item's name; the user must type it exactly to enable Delete. */
  name: string;
  /** Does the deletion. While it runs the button spins; if it rejects, the error is shown and the dialog stays open. */
  onConfirm: () => Promise<unknown> | void;
  /** Called on cancel and after a successful deletion. */
  onClose: () => void;
  /** Extra consequences to spell out ("Their 3 sessions end too."). */
  children?: ReactNode;
}

/**
 * Typed confirmation for destructive actions: the danger button stays
 * disabled until the exact name is typed, so a stray click or Enter cannot
 * delete the wrong thing.
 */
export function ConfirmDelete({ open, kind, name, onConfirm, onClose, children }: ConfirmDeleteProps) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const inputId = useId();

  useEffect(() => {
    if (open) {
      setTyped('');
      setError(undefined);
      setBusy(false);
    }
  }, [open, name]);

  const matches = typed === name;

  async function confirm() {
    if (!matches || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setBusy(false);
      onClose();
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }

  return (
    <Modal
      open={open}
      title={`Delete ${kind} “${name}”?`}
      okText="Delete"
      okButtonProps={{ danger: true, disabled: !matches, loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={confirm}
      onCancel={() => !busy && onClose()}
      mask={{ closable: !busy }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        This cannot be undone.{children ? ' ' : ''}
        {children}
      </Typography.Paragraph>
      <label htmlFor={inputId} style={{ display: 'block', marginBottom: 6 }}>
        Type <Typography.Text code>{name}</Typography.Text> to confirm
      </label>
      <Input
        id={inputId}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setTyped(e.target.value)}
        onPressEnter={confirm}
        disabled={busy}
        status={typed && !matches && !name.startsWith(typed) ? 'warning' : undefined}
      />
      {error !== undefined && <ErrorAlert error={error} style={{ marginTop: 16, marginBottom: 0 }} />}
    </Modal>
  );
}
