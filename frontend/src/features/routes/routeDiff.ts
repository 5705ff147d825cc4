import type { Route, RouteConfig } from './api';

/** What importing a route file would do to the profile's routes, by route name. */
export interface RouteFileDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
  /** File-level settings that differ (issuer, audiences, identity headers...), by their file key. */
  settings: string[];
}

const settingKeys: [keyof RouteConfig, string][] = [
  ['listen', 'listen'],
  ['issuer', 'issuer'],
  ['audiences', 'audiences'],
  ['authorizedParties', 'authorized_parties'],
  ['identityHeaders', 'identity_headers'],
];

/** Compares two values as the route file means them: a missing list or map is an empty one. */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  return JSON.stringify(normalise(v));
}

function normalise(v: unknown): unknown {
  if (v === undefined || v === null || v === '' || v === false) return undefined;
  if (Array.isArray(v)) return v.length ? v.map(normalise) : undefined;
  if (typeof v === 'object') {
    const entries = Object.entries(v)
      .map(([k, value]): [string, unknown] => [k, normalise(value)])
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return v;
}

/** The difference between the profile's routes now and a file that would replace them. */
export function routeFileDiff(before: RouteConfig, after: RouteConfig): RouteFileDiff {
  const old = new Map<string, Route>((before.routes ?? []).map((r) => [r.name, r]));
  const next = new Map<string, Route>((after.routes ?? []).map((r) => [r.name, r]));
  const diff: RouteFileDiff = { added: [], removed: [], changed: [], unchanged: [], settings: [] };
  for (const [name, r] of next) {
    const was = old.get(name);
    if (!was) diff.added.push(name);
    else if (same(was, r)) diff.unchanged.push(name);
    else diff.changed.push(name);
  }
  for (const name of old.keys()) if (!next.has(name)) diff.removed.push(name);
  for (const [key, label] of settingKeys) if (!same(before[key], after[key])) diff.settings.push(label);
  return diff;
}

/** True when importing would change nothing. */
export function isEmptyDiff(d: RouteFileDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length && !d.settings.length;
}

/** One sentence for the confirmation: "adds 1 route (b), removes 2 routes (a, c)...". */
export function describeDiff(d: RouteFileDiff): string {
  const part = (verb: string, names: string[]) =>
    names.length ? `${verb} ${names.length} route${names.length === 1 ? '' : 's'} (${names.join(', ')})` : '';
  const parts = [part('adds', d.added), part('removes', d.removed), part('changes', d.changed)].filter(Boolean);
  if (d.settings.length) parts.push(`changes ${d.settings.join(', ')}`);
  return parts.length ? parts.join(', ') : 'changes nothing';
}
