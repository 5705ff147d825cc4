import { useEffect, useRef } from 'react';
import type { app, profile, proxy } from 'wails/go/models';
import { EventsOn } from 'wails/runtime/runtime';

// Event names mirrored from app/events.go. The strings are the contract.
export const AppEvent = {
  ProfileSwitched: 'profile:switched',
  ProxyLog: 'proxy:log',
  ProxyStatus: 'proxy:status',
  Progress: 'op:progress',
} as const;

export type AppEventName = (typeof AppEvent)[keyof typeof AppEvent];

/**
 * Payload type per event: the generated models of app.EventPayloads, whose
 * fields name each event's Go payload type (app/contract.go).
 */
export interface AppEventPayloads {
  /** The newly active profile; null when none is. */
  'profile:switched': profile.Profile | null;
  'proxy:log': proxy.Batch;
  'proxy:status': app.ProxyState;
  /** One of these, told apart by kind and matched to its operation by opId. */
  'op:progress': OpProgress;
}

/** The payload of op:progress: the progress of one long operation. */
export type OpProgress =
  app.PromoteProgress | app.IdentityImportProgress | app.RealmImportProgress | app.BulkProgress | app.ImportProgress;

/**
 * Subscribes to a Go event and returns the function that unsubscribes this one
 * handler. It uses the canceller EventsOn returns rather than EventsOff,
 * because EventsOff(name) drops every listener of that name, including other
 * components' ones.
 *
 *   useEffect(() => on(AppEvent.ProxyStatus, setStatus), []);
 */
export function on<E extends AppEventName>(event: E, handler: (payload: AppEventPayloads[E]) => void): () => void {
  return EventsOn(event, (payload: AppEventPayloads[E]) => handler(payload));
}

/**
 * React hook form of on(): subscribes while the component is mounted and
 * always calls the latest handler, so an inline handler does not resubscribe
 * on every render.
 */
export function useEvent<E extends AppEventName>(event: E, handler: (payload: AppEventPayloads[E]) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => on(event, (payload) => latest.current(payload)), [event]);
}
