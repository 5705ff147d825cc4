import { Input, Modal, Typography } from 'antd';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useSubmit } from '@/lib/useSubmit';
import { ErrorAlert } from './ErrorAlert';

export interface ConfirmTypedProps {
  open: boolean;
  title: string;
  okText: string;
  /** What must be typed exactly to enable the button. */
  name: string;
  /** Does the action. While it runs the button spins; if it rejects, the error is shown and the dialog stays open. */
  onConfirm: () => Promise<unknown> | void;
  /** Called on cancel and after the action succeeded. */
  onClose: () => void;
  /** The toast once the action succeeded: "Client web deleted". */
  success?: string;
  /** The consequences to spell out above the input. */
  children?: ReactNode;
}

/**
 * Typed confirmation for destructive actions: the danger button stays
 * disabled until the exact name is typed, so a stray click or Enter cannot
 * hit the wrong thing.
 */
export function ConfirmTyped({ open, title, okText, name, onConfirm, onClose, success, children }: ConfirmTypedProps) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const { busy, error, run, clearError } = useSubmit(
    async () => {
      await onConfirm();
      onClose();
    },
    { success },
  );

  useEffect(() => {
    if (open) {
      setTyped('');
      clearError();
    }
  }, [open, name, clearError]);

  const matches = typed === name;

  function confirm() {
    if (matches) void run();
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger: true, disabled: !matches, loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={confirm}
      onCancel={() => !busy && onClose()}
      mask={{ closable: !busy }}
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
        status={typed && !matches && !name.startsWith(typed) ? 'warning' : undefined}
      />
      {error !== undefined && <ErrorAlert error={error} style={{ marginTop: 16, marginBottom: 0 }} />}
    </Modal>
  );
}
