// The user timeline: Keycloak's login events and the proxy's decisions for the
// same subject, merged newest first. Pure, so the merge is tested alone.
import type { LoginEvent, ProxyRecord } from './api';

export type TimelineEntry =
  | { source: 'keycloak'; key: string; time: number; failed: boolean; event: LoginEvent }
  | { source: 'proxy'; key: string; time: number; failed: boolean; record: ProxyRecord };

/** Proxy decisions that let the request through; every other one is a refusal or a failure. */
const passing = new Set(['allowed', 'anonymous']);

/** Milliseconds since the epoch of a proxy record's time (RFC 3339 from Go); NaN sorts last. */
function recordTime(r: ProxyRecord): number {
  return typeof r.time === 'string' ? Date.parse(r.time) : Number(r.time);
}

/**
 * Merges both sides newest first, at most `limit` entries. At the same
 * millisecond a proxy decision comes before the login event: the request
 * follows the login that gave it its token.
 */
export function mergeTimeline(events: LoginEvent[], records: ProxyRecord[], limit = 500): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...events.map((event, i): TimelineEntry => ({
      source: 'keycloak',
      key: `kc-${event.id || i}-${event.time}`,
      time: event.time,
      failed: event.failed,
      event,
    })),
    ...records.map((record, i): TimelineEntry => ({
      source: 'proxy',
      key: `px-${record.request_id || i}`,
      time: recordTime(record),
      failed: !passing.has(record.decision),
      record,
    })),
  ];
  const t = (e: TimelineEntry) => (Number.isNaN(e.time) ? -Infinity : e.time);
  entries.sort((a, b) => t(b) - t(a) || (a.source === b.source ? 0 : a.source === 'proxy' ? -1 : 1));
  return entries.slice(0, limit);
}

/** A path the user cannot reach right now, and since when. */
export interface FailingPath {
  path: string;
  decision: string;
  reason: string;
  /** The first refusal of the unbroken run that ends with the newest request. */
  since: number;
  requests: number;
}

/**
 * For each path whose newest proxy decision refused the user: since when it
 * has refused them (the oldest refusal with no success after it) and why,
 * newest first. Answers "why can't bob reach /api/admin since 10:42".
 */
export function failingPaths(entries: TimelineEntry[]): FailingPath[] {
  // Per path, newest first: the run of refusals so far, and whether a passing
  // request (older than the run) has closed it.
  const runs = new Map<string, { run: FailingPath | null; closed: boolean }>();
  for (const e of entries) {
    if (e.source !== 'proxy') continue;
    const { path, decision, reason } = e.record;
    const state = runs.get(path);
    if (!state) {
      runs.set(path, {
        run: e.failed ? { path, decision, reason, since: e.time, requests: 1 } : null,
        closed: !e.failed,
      });
    } else if (!state.closed) {
      if (e.failed && state.run) {
        state.run.since = e.time;
        state.run.requests++;
      } else {
        state.closed = true;
      }
    }
  }
  return [...runs.values()].flatMap((s) => (s.run ? [s.run] : [])).sort((a, b) => b.since - a.since);
}
