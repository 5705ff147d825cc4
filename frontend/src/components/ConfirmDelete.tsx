import type { ReactNode } from 'react';
import { ConfirmTyped } from './ConfirmTyped';

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

/** Typed confirmation worded for a deletion. */
export function ConfirmDelete({ open, kind, name, onConfirm, onClose, children }: ConfirmDeleteProps) {
  return (
    <ConfirmTyped
      open={open}
      title={`Delete ${kind} “${name}”?`}
      okText="Delete"
      name={name}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      This cannot be undone.{children ? ' ' : ''}
      {children}
    </ConfirmTyped>
  );
}
