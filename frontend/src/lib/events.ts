import { useEffect, useRef } from 'react';
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
 * Payload type per event. The owner of each event narrows its entry to the Go
 * payload's TypeScript shape (usually a class from wails/go/models) once it exists.
 */
export interface AppEventPayloads {
  'profile:switched': unknown;
  'proxy:log': unknown;
  'proxy:status': unknown;
  'op:progress': unknown;
}

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
