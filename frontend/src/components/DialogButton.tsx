import type { ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { WriteButton } from './WriteButton';

/** What DialogButton hands its dialog: whether it shows, how it closes, and how it says the change is made. */
export interface DialogProps {
  open: boolean;
  /** Dismissed without a change (Cancel, Esc). */
  onClose: () => void;
  /** The change is made: the dialog closes and the button's onDone runs (reload what it changed). */
  onDone: () => void;
}

export interface DialogButtonProps extends Omit<ButtonProps, 'onClick'> {
  /** The dialog the button opens, given its open state and the two ways it ends. */
  dialog: (props: DialogProps) => ReactNode;
  /** After the dialog made its change and closed, e.g. reload the list it added to. */
  onDone?: () => void;
}

/**
 * A WriteButton (disabled on a read-only profile) that opens a dialog and keeps whether it is open, so a screen
 * states the button and its dialog together instead of an open flag and its three setters.
 */
export function DialogButton({ dialog, onDone, ...button }: DialogButtonProps) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <WriteButton {...button} onClick={() => setOpen(true)} />
      {dialog({
        open,
        onClose: close,
        onDone: () => {
          close();
          onDone?.();
        },
      })}
    </>
  );
}
