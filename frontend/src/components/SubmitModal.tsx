import { Modal } from 'antd';
import type { ReactNode } from 'react';
import { useSubmit } from '@/lib/useSubmit';
import { ErrorAlert } from './ErrorAlert';

export interface SubmitModalProps {
  open: boolean;
  title: ReactNode;
  okText: string;
  /** Whether OK is enabled, e.g. something is chosen. */
  canSubmit: boolean;
  /** Does the work. While it runs OK spins and Cancel does nothing; a rejection is shown and the dialog stays open. */
  onSubmit: () => Promise<void>;
  onClose: () => void;
  /** Why the choices could not be loaded, shown when no submit error is. */
  loadError?: unknown;
  children: ReactNode;
}

/** A dialog that submits what was chosen in it, showing the failure in place. */
export function SubmitModal({
  open,
  title,
  okText,
  canSubmit,
  onSubmit,
  onClose,
  loadError,
  children,
}: SubmitModalProps) {
  const { busy, error, run } = useSubmit(onSubmit);

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ loading: busy, disabled: !canSubmit }}
      onOk={() => void run()}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? loadError} />
      {children}
    </Modal>
  );
}
