import { Input, Modal, Typography } from 'antd';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';

export interface ConfirmTypedProps {
  open: boolean;
  title: string;
  okText: string;
  /** What must be typed exactly to enable the button. */
  name: string;
  /** Does the action; a rejection is shown and the dialog stays open. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children?: ReactNode;
}

/**
 * Typed confirmation for a destructive action that is not a deletion (a new
 * secret breaks whatever used the old one).
 */
export function ConfirmTyped({ open, title, okText, name, onConfirm, onClose, children }: ConfirmTypedProps) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const inputId = useId();

  useEffect(() => {
    if (open) {
      setTyped('');
      setError(undefined);
      setBusy(false);
    }
  }, [open]);

  async function confirm() {
    if (typed !== name || busy) return;
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
      title={title}
      okText={okText}
      okButtonProps={{ danger: true, disabled: typed !== name, loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={confirm}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      {children && <Typography.Paragraph>{children}</Typography.Paragraph>}
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
      />
      {error !== undefined && <ErrorAlert error={error} style={{ marginTop: 16, marginBottom: 0 }} />}
    </Modal>
  );
}
