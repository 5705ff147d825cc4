import { describe, expect, it } from 'vitest';
import { toClient, toClients } from '@/features/clients/routes';
import { toEvents } from '@/features/events/routes';
import { toGroups } from '@/features/groups/routes';
import { toIdps } from '@/features/idps/routes';
import { toProfiles } from '@/features/profiles/routes';
import { toRealm, toRealms } from '@/features/realms/routes';
import { toRoles } from '@/features/roles/routes';
import { toRoutes } from '@/features/routes/routes';
import { toUser, toUserImport, toUsers } from '@/features/users/routes';
import { features } from './features';
import { pageRoute } from './pageRoute';

describe('pageRoute links', () => {
  it('are the bare path when nothing is given', () => {
    expect(pageRoute('/proxy').href()).toBe('/proxy');
    expect(pageRoute('/events', { realm: 'text', tab: ['login', 'admin'] }).href()).toBe('/events');
    expect(pageRoute('/events', { realm: 'text' }).href({ realm: '' })).toBe('/events');
  });

  it('write search params in the declared order, whatever order they are given in', () => {
    const roles = pageRoute('/roles', { realm: 'text', client: 'text', role: 'text', tab: ['details', 'users'] });
    expect(roles.href({ tab: 'users', role: 'admin', realm: 'demo' })).toBe('/roles?realm=demo&role=admin&tab=users');
  });

  it('fill and encode path params, leaving out an optional one without a value', () => {
    const detail = pageRoute('/clients/:realm/:id/:tab?');
    expect(detail.href({ realm: 'my realm', id: 'a/b', tab: 'scopes' })).toBe('/clients/my%20realm/a%2Fb/scopes');
    expect(detail.href({ realm: 'demo', id: '42' })).toBe('/clients/demo/42');
  });

  it('combine path and search params', () => {
    expect(pageRoute('/realms/:realm', { tab: 'text' }).href({ realm: 'demo', tab: 'keys' })).toBe(
      '/realms/demo?tab=keys',
    );
  });

  it('read back what they wrote', () => {
    const events = pageRoute('/events', { realm: 'text', tab: ['login', 'admin', 'settings'], user: 'text' });
    const href = events.href({ realm: 'a&b c', tab: 'admin', user: 'u=1' });
    expect(events.read(new URLSearchParams(href.split('?')[1]))).toEqual({ realm: 'a&b c', tab: 'admin', user: 'u=1' });
  });

  it('read a choice param holding anything else as absent, and ignore params the page does not declare', () => {
    const events = pageRoute('/events', { realm: 'text', tab: ['login', 'admin'] });
    expect(events.read(new URLSearchParams('realm=demo&tab=bogus&other=1'))).toEqual({ realm: 'demo' });
  });

  it('make a router entry with the same pattern as the links', () => {
    const detail = pageRoute('/users/:realm/:id/:tab?');
    const route = detail.lazy(async () => ({ UserPage: () => null }), 'UserPage');
    expect(route.path).toBe('/users/:realm/:id/:tab?');
    expect(route.Component).toBeDefined();
  });
});

// The links bookmarks and the e2e suite rely on: each feature's link builders keep these exact addresses.
describe('feature links', () => {
  it.each([
    [toProfiles(), '/profiles'],
    [toRealms(), '/realms'],
    [toRealm('demo'), '/realms/demo'],
    [toUsers(), '/users'],
    [toUsers('demo'), '/users?realm=demo'],
    [toUser({ realm: 'demo', id: 'u1' }), '/users/demo/u1/details'],
    [toUser({ realm: 'demo', id: 'u1', tab: 'timeline' }), '/users/demo/u1/timeline'],
    [toUserImport('demo'), '/users-import?realm=demo'],
    [toUserImport(), '/users-import'],
    [toGroups({ realm: 'demo', group: 'g1', tab: 'roles' }), '/groups?realm=demo&group=g1&tab=roles'],
    [
      toRoles({ realm: 'demo', client: 'c1', role: 'admin', tab: 'users' }),
      '/roles?realm=demo&client=c1&role=admin&tab=users',
    ],
    [toClients('demo'), '/clients?realm=demo'],
    [toClient({ realm: 'demo', id: 'c1' }), '/clients/demo/c1/settings'],
    [toClient({ realm: 'demo', id: 'c1', tab: 'scopes' }), '/clients/demo/c1/scopes'],
    [toIdps('demo'), '/identity-providers?realm=demo'],
    [toEvents({ realm: 'demo', tab: 'settings' }), '/events?realm=demo&tab=settings'],
    [toEvents({ user: 'u1' }), '/events?user=u1'],
    [toRoutes(), '/routes'],
    [toRoutes('api v1'), '/routes?route=api+v1'],
  ])('%s', (href, want) => {
    expect(href).toBe(want);
  });

  it('lead to the menu path of their feature', () => {
    expect(features.map((f) => [f.key, f.path])).toEqual([
      ['profiles', '/profiles'],
      ['realms', '/realms'],
      ['users', '/users'],
      ['groups', '/groups'],
      ['roles', '/roles'],
      ['clients', '/clients'],
      ['idps', '/identity-providers'],
      ['events', '/events'],
      ['routes', '/routes'],
      ['proxy', '/proxy'],
      ['tester', '/tester'],
      ['compare', '/compare'],
      ['migrate', '/migrate'],
    ]);
    expect(features.flatMap((f) => f.routes.map((r) => r.path))).toEqual([
      '/profiles',
      '/realms',
      '/realms/:realm',
      '/users',
      '/users/:realm/:id/:tab?',
      '/users-import',
      '/groups',
      '/roles',
      '/clients',
      '/clients/:realm/:id/:tab?',
      '/identity-providers',
      '/events',
      '/routes',
      '/proxy',
      '/tester',
      '/compare',
      '/migrate',
    ]);
  });
});
