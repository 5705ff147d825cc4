import { Alert } from 'antd';
import type { ReactNode } from 'react';

export interface CancelledAlertProps {
  /** The report's cancelled flag: without it nothing shows. */
  cancelled: boolean | undefined;
  /** What the cancel left done and what it left alone: "rows marked “not run” were not touched". */
  children: ReactNode;
}

/** The warning above the report of a backend job (import, bulk action) that was cancelled part way. */
export function CancelledAlert({ cancelled, children }: CancelledAlertProps) {
  if (!cancelled) return null;
  return <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={children} />;
}
