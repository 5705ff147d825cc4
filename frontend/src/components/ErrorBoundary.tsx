import { Alert, Button } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describe } from '@/lib/errors';

export interface ErrorBoundaryProps {
  /** What the section is, for the message: "The Who can reach panel failed to show: …". */
  label: string;
  children: ReactNode;
  /** Starts over (clears the error) when any of these change, e.g. [route]. */
  resetKeys?: readonly unknown[];
}

interface State {
  error: unknown;
  failed: boolean;
  keys?: readonly unknown[];
}

/**
 * Keeps a panel's rendering failure inside that panel: the rest of the screen stays usable and the
 * panel says what failed, with a Retry that renders it again. Without it one throwing panel blanks
 * the whole page.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: undefined, failed: false, keys: this.props.resetKeys };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    const a = props.resetKeys ?? [];
    const b = state.keys ?? [];
    if (a.length !== b.length || a.some((k, i) => !Object.is(k, b[i]))) {
      return { keys: props.resetKeys, failed: false, error: undefined };
    }
    return null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`${this.props.label} failed to render`, error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={`The ${this.props.label} panel failed to show`}
        description={describe(this.state.error)}
        action={
          <Button size="small" onClick={() => this.setState({ failed: false, error: undefined })}>
            Retry
          </Button>
        }
      />
    );
  }
}
