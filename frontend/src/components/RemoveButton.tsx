import { DeleteOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, type TableColumnType } from 'antd';
import type { ReactNode } from 'react';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useSubmit } from '@/lib/useSubmit';
import { actionsColumn } from './columns';

export interface RemoveButtonProps {
  /** The button's accessible name: "Delete password credential", "Leave group /staff". */
  label: string;
  /** Visible text ("Revoke"); without it the button is a delete icon. */
  text?: string;
  /** The question asked first; without it the click acts at once (for what is easily undone). */
  confirm?: ReactNode;
  /** What else happens, under the question. */
  description?: ReactNode;
  /** The confirming button's text; defaults to the visible text, else "Delete". */
  okText?: string;
  /** The toast once done: "Credential deleted". */
  success: string;
  /** Does the removal; a failure is notified and the row stays. */
  action: () => Promise<unknown>;
  /** After a success, e.g. reload the list. */
  onDone?: () => void;
  /** Disabled for another reason than a read-only profile (which always disables it). */
  disabled?: boolean;
}

/**
 * The danger button of a list row that removes, revokes or unlinks its item,
 * asking first when `confirm` is set. It runs the action once at a time,
 * toasts the success, notifies the failure, and is disabled on a read-only profile.
 */
export function RemoveButton({
  label,
  text,
  confirm,
  description,
  okText,
  success,
  action,
  onDone,
  disabled,
}: RemoveButtonProps) {
  const readOnly = useReadOnly();
  const remove = useSubmit(action, { success, notifyTitle: '' });
  const go = async () => {
    if ((await remove.run()) && onDone) onDone();
  };
  const button = (
    <Button
      size="small"
      danger
      icon={text ? undefined : <DeleteOutlined aria-hidden />}
      disabled={readOnly || disabled}
      loading={!confirm && remove.busy}
      aria-label={label}
      onClick={confirm ? undefined : () => void go()}
    >
      {text}
    </Button>
  );
  if (!confirm) return button;
  return (
    <Popconfirm
      title={confirm}
      description={description}
      okText={okText ?? text ?? 'Delete'}
      okButtonProps={{ danger: true }}
      onConfirm={go}
    >
      {button}
    </Popconfirm>
  );
}

/**
 * The right-aligned actions column of a list whose rows can be removed:
 *
 *   columns={[...fields, removeColumn((c) => ({ label: `Delete ${c.type} credential`, confirm: ..., success: ..., action: ... }))]}
 *
 * `extra` puts other row buttons (Edit...) before the remove button.
 */
export function removeColumn<T>(
  button: (row: T) => RemoveButtonProps,
  extra?: (row: T) => ReactNode,
): TableColumnType<T> {
  return actionsColumn((row) =>
    extra ? (
      <Space>
        {extra(row)}
        <RemoveButton {...button(row)} />
      </Space>
    ) : (
      <RemoveButton {...button(row)} />
    ),
  );
}
