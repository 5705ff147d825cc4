import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { toAppError, type AppError } from './errors';

export interface Loaded<T> {
  /** The last successful result; kept while a reload is in flight or after it fails. */
  data: T | undefined;
  /** The error of the most recent load, cleared when a new load starts. */
  error: AppError | undefined;
  loading: boolean;
  /** Runs the loader again with the same inputs. */
  reload: () => void;
  /** Replaces the data locally, e.g. after a save returned the updated item. */
  setData: (update: T | undefined | ((previous: T | undefined) => T | undefined)) => void;
}

export interface LoaderOptions {
  /** When false, nothing is loaded (e.g. no realm chosen yet). Default true. */
  enabled?: boolean;
}

/**
 * Loads data for a component and keeps it consistent with its inputs.
 * Each run gets an AbortSignal; when the inputs (deps) change, reload() is
 * called or the component unmounts, the previous run is aborted and its
 * result ignored, so a slow stale response never overwrites a fresh one. Wails
 * calls cannot be cancelled, so the signal is advisory for the loader.
 *
 *   const users = useLoader((signal) => call(ListUsers(realm, 0, 20)), [realm]);
 *
 * The loader may be an inline function: the latest one is used, and only deps
 * decide when to load again.
 */
export function useLoader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: LoaderOptions = {},
): Loaded<T> {
  const enabled = options.enabled ?? true;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [generation, setGeneration] = useState(0);

  const latestLoad = useRef(load);
  useEffect(() => {
    latestLoad.current = load;
  });

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    // A loader that throws before it returns a promise fails the same way as one that rejects: the executor turns the
    // throw into the rejection, whatever was thrown (Wails fails with plain strings).
    const pending = new Promise<T>((resolve) => resolve(latestLoad.current(controller.signal)));
    pending.then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(() => result);
        setLoading(false);
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(toAppError(reason));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // deps are the caller's inputs; generation is bumped by reload().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { data, error, loading, reload, setData };
}
