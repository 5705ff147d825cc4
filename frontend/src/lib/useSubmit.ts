import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from './errors';
import { notify } from './notify';

export interface SubmitOptions {
  /** Shown as a toast when the action succeeds. */
  success?: string;
  /** Shown as a lasting notification when it fails, instead of keeping the error for an inline alert. */
  notifyTitle?: string;
}

export interface Submit<A extends unknown[]> {
  /** True while the action runs; a second run is refused until it ends. */
  busy: boolean;
  /** Why the last run failed; cleared when a new run starts. */
  error: AppError | undefined;
  /** Runs the action; resolves true when it succeeded, false when it failed or was already running. Never rejects. */
  run: (...args: A) => Promise<boolean>;
  clearError: () => void;
}

/**
 * The one busy/error/submit state of every form, modal and action button:
 *
 *   const save = useSubmit((values: Form) => call(SaveThing(realm, values)), { success: 'Saved' });
 *   <Button loading={save.busy} onClick={() => void save.run(values)} />
 *   <ErrorAlert error={save.error} />
 *
 * The latest action is used, so it may be an inline function. A rejection is
 * kept as an AppError (or notified when notifyTitle is set), never thrown.
 */
export function useSubmit<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
  options: SubmitOptions = {},
): Submit<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const running = useRef(false);
  const latest = useRef({ action, options });
  useEffect(() => {
    latest.current = { action, options };
  });

  const run = useCallback(async (...args: A): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(undefined);
    const { action: act, options: opts } = latest.current;
    try {
      await act(...args);
      if (opts.success) notify.success(opts.success);
      return true;
    } catch (err) {
      if (opts.notifyTitle !== undefined) notify.error(err, opts.notifyTitle || undefined);
      else setError(toAppError(err));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
