import { Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useSubmit } from '@/lib/useSubmit';

export interface GroupNameModalProps {
  open: boolean;
  /** "Create group", "Create subgroup of /staff", "Rename group". */
  title: string;
  okText: string;
  initialName?: string;
  /** Saves the name; a rejection is shown in the dialog, which stays open. */
  onSubmit: (name: string) => Promise<unknown>;
  onClose: () => void;
}

/** Asks for a group name, for creating and renaming. */
export function GroupNameModal({ open, title, okText, initialName = '', onSubmit, onClose }: GroupNameModalProps) {
  const [name, setName] = useState(initialName);
  const { busy, error, run, clearError } = useSubmit(async (trimmed: string) => {
    await onSubmit(trimmed);
    onClose();
  });

  useEffect(() => {
    if (open) {
      setName(initialName);
      clearError();
    }
  }, [open, initialName, clearError]);

  function submit() {
    if (name.trim()) void run(name.trim());
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ disabled: !name.trim() || name.trim() === initialName, loading: busy }}
      onOk={submit}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label="Name" required>
          <Input
            aria-label="Group name"
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            onPressEnter={submit}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
