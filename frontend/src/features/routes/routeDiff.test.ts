import { describe, expect, it } from 'vitest';
import type { RouteConfig } from './api';
import { describeDiff, isEmptyDiff, routeFileDiff } from './routeDiff';

const route = (name: string, extra: object = {}) =>
  ({
    name,
    path: `/${name}`,
    upstream: 'http://127.0.0.1:9090',
    auth: 'public',
    ...extra,
  }) as RouteConfig['routes'][number];

const file = (routes: RouteConfig['routes'], extra: Partial<RouteConfig> = {}) =>
  ({ version: 1, routes, ...extra }) as RouteConfig;

describe('routeFileDiff', () => {
  it('names the routes an import adds, removes and changes', () => {
    const before = file([route('a'), route('b'), route('c')]);
    const after = file([route('b'), route('c', { auth: 'required', roles: ['admin'] }), route('d')]);
    const d = routeFileDiff(before, after);
    expect(d).toEqual({ added: ['d'], removed: ['a'], changed: ['c'], unchanged: ['b'], settings: [] });
    expect(describeDiff(d)).toBe('adds 1 route (d), removes 1 route (a), changes 1 route (c)');
  });

  it('treats a missing list or map as an empty one, and sees file settings', () => {
    const before = file([route('a', { roles: [], headers: {} })], { audiences: [] });
    const same = file([route('a')]);
    expect(isEmptyDiff(routeFileDiff(before, same))).toBe(true);
    expect(describeDiff(routeFileDiff(before, same))).toBe('changes nothing');

    const other = file([route('a')], { issuer: 'https://kc.example.com/realms/x' });
    expect(routeFileDiff(before, other).settings).toEqual(['issuer']);
  });
});
