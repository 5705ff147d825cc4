import { readRepoFile } from '@/test/repo';
import { describe, expect, it } from 'vitest';
import { EventsEmit, listenerCount } from '@/test/wailsjs-stub/runtime/runtime';
import { AppEvent, on } from './events';

describe('on', () => {
  it('delivers payloads until unsubscribed, and unsubscribing leaves other listeners alone', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const offFirst = on(AppEvent.ProxyStatus, (p) => first.push(p));
    const offSecond = on(AppEvent.ProxyStatus, (p) => second.push(p));

    EventsEmit(AppEvent.ProxyStatus, { running: true });
    offFirst();
    EventsEmit(AppEvent.ProxyStatus, { running: false });

    expect(first).toEqual([{ running: true }]);
    expect(second).toEqual([{ running: true }, { running: false }]);
    offSecond();
    expect(listenerCount(AppEvent.ProxyStatus)).toBe(0);
  });

  it('mirrors every event name of app/events.go', () => {
    const goSource = readRepoFile('app/events.go');
    const goNames = [...goSource.matchAll(/^\s*Event\w+\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
    expect(goNames.length).toBeGreaterThan(0);
    expect(Object.values(AppEvent).sort()).toEqual(goNames.sort());
  });
});
