// In-memory stand-in for wailsjs/runtime/runtime.js, used only by Vitest (see
// vite.config.ts). Events work for real, so a test can emit an event and see
// the component react; everything else is a harmless no-op.
type Callback = (...data: unknown[]) => void;

const listeners = new Map<string, Set<Callback>>();

export function EventsOn(eventName: string, callback: Callback): () => void {
  let set = listeners.get(eventName);
  if (!set) {
    set = new Set();
    listeners.set(eventName, set);
  }
  set.add(callback);
  return () => {
    listeners.get(eventName)?.delete(callback);
  };
}

export function EventsOff(eventName: string, ...additionalEventNames: string[]): void {
  for (const name of [eventName, ...additionalEventNames]) listeners.delete(name);
}

export function EventsEmit(eventName: string, ...data: unknown[]): void {
  for (const cb of [...(listeners.get(eventName) ?? [])]) cb(...data);
}

/** Test helper: how many handlers are subscribed to an event. */
export function listenerCount(eventName: string): number {
  return listeners.get(eventName)?.size ?? 0;
}

/** Test helper: forget every subscription (called between tests). */
export function resetEvents(): void {
  listeners.clear();
}

export function BrowserOpenURL(_url: string): void {}
export function WindowSetTitle(_title: string): void {}
export function LogInfo(_message: string): void {}
export function LogError(_message: string): void {}
