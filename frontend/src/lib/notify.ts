import { App, message as staticMessage, notification as staticNotification } from 'antd';
import { useEffect } from 'react';
import { describe, errorTitle, toAppError } from './errors';

type AppApi = ReturnType<typeof App.useApp>;

let api: AppApi | undefined;

/**
 * Mount once inside antd's <App> (AppProviders does): it hands the
 * context-aware message/notification instances to the notify helpers, so they
 * follow the current theme and can be called from anywhere, not only from hooks.
 */
export function NotifyBridge(): null {
  const current = App.useApp();
  useEffect(() => {
    api = current;
    return () => {
      if (api === current) api = undefined;
    };
  }, [current]);
  return null;
}

function message() {
  return api?.message ?? staticMessage;
}

function notification() {
  return api?.notification ?? staticNotification;
}

/** Short-lived toasts for outcomes, and a lasting notification for errors. */
export const notify = {
  success(text: string): void {
    void message().success(text);
  },
  info(text: string): void {
    void message().info(text);
  },
  warning(text: string): void {
    void message().warning(text);
  },
  /** Shows an error with its code's title, its sentence and any details. */
  error(err: unknown, title?: string): void {
    const e = toAppError(err);
    const details = e.details.length > 0 ? `\n${e.details.join('\n')}` : '';
    notification().error({
      title: title ?? errorTitle(e),
      description: describe(e) + details,
      style: { whiteSpace: 'pre-line' },
      duration: 8,
    });
  },
};
