import { Alert, Button } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { describe, errorTitle, toAppError } from '@/lib/errors';

export interface ErrorAlertProps {
  /** Anything caught; usually an AppError from call(). Nothing is rendered when undefined/null. */
  error: unknown;
  /** Heading; defaults to the title of the error's code ("Not found", "Server unreachable", ...). */
  title?: ReactNode;
  /** Shows a Retry button. */
  onRetry?: () => void;
  style?: CSSProperties;
}

/** An inline error: the code's title, the sentence from describe(), and every detail line. */
export function ErrorAlert({ error, title, onRetry, style }: ErrorAlertProps) {
  if (error === undefined || error === null) return null;
  const e = toAppError(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16, ...style }}
      title={title ?? errorTitle(e)}
      description={
        <>
          <div>{describe(e)}</div>
          {e.details.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {e.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            Retry
          </Button>
        )
      }
    />
  );
}
