import { useCallback, useRef, useState } from 'react';
import { AppEvent, useEvent } from './events';

/** What every op:progress payload carries (app.*Progress): which run it belongs to and how far it is. */
export interface OpProgress {
  opId: string;
  done: number;
  total: number;
}

export interface Operation<P extends OpProgress> {
  /** The id of the current run; '' before the first. Pass it to the binding and to its Cancel. */
  opId: () => string;
  /** Starts a new run: a fresh id, the previous run's progress dropped (or replaced by `initial`). */
  start: (initial?: Omit<P, 'opId'>) => string;
  /** The latest progress of the current run; events of other runs are ignored. */
  progress: P | undefined;
  /** Whole percent done, 0 until the total is known. */
  percent: number;
}

/** An id for one run; crypto.randomUUID needs a secure context, which a webview may not be. */
export function newOpId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The Go side emits one payload type per kind of run, and a run's id names its kind: this run's id means P. */
function isProgressOf<P extends OpProgress>(payload: unknown, opId: string): payload is P {
  return typeof payload === 'object' && payload !== null && 'opId' in payload && payload.opId === opId && opId !== '';
}

/**
 * The progress of a cancellable backend run (import, bulk action, promotion):
 *
 *   const op = useOperation<ImportProgress>('import');
 *   await importApi.apply(op.start(), realm, text);
 *   <OperationProgress percent={op.percent} label="Import progress" onCancel={() => importApi.cancel(op.opId())} />
 *
 * The payload type P is the Go payload's mirror; the backend sends only P for this run's id.
 */
export function useOperation<P extends OpProgress>(prefix: string): Operation<P> {
  const id = useRef('');
  const [progress, setProgress] = useState<P>();

  useEvent(AppEvent.Progress, (payload) => {
    if (isProgressOf<P>(payload, id.current)) setProgress(payload);
  });

  const start = useCallback(
    (initial?: Omit<P, 'opId'>) => {
      id.current = newOpId(prefix);
      setProgress(initial ? ({ ...initial, opId: id.current } as P) : undefined);
      return id.current;
    },
    [prefix],
  );
  const opId = useCallback(() => id.current, []);

  return { opId, start, progress, percent: percentOf(progress) };
}

/** Whole percent of a run done; 0 while the total is unknown. */
export function percentOf(p: OpProgress | undefined): number {
  return p && p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
}
