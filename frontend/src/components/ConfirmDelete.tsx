import { ConfirmTyped, type ConfirmTypedProps } from './ConfirmTyped';

/** ConfirmTyped's props, the title and button worded for a deletion; `children` adds consequences. */
export interface ConfirmDeleteProps extends Omit<ConfirmTypedProps, 'title' | 'okText'> {
  /** What is deleted, in lower case: "user", "realm", "route". */
  kind: string;
}

/** Typed confirmation worded for a deletion. */
export function ConfirmDelete({ kind, name, children, ...rest }: ConfirmDeleteProps) {
  return (
    <ConfirmTyped {...rest} title={`Delete ${kind} “${name}”?`} okText="Delete" name={name}>
      This cannot be undone.{children ? ' ' : ''}
      {children}
    </ConfirmTyped>
  );
}
