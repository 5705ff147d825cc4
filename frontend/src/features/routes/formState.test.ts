import { describe, expect, it } from 'vitest';
import type { Route } from './api';
import { problemText, routeLabel, routeProblems, toFormValues, toRoute, withRoute } from './formState';

const route: Route = {
  name: 'admin',
  path: '/api/admin',
  methods: ['GET'],
  host: '',
  upstream: 'http://127.0.0.1:9090',
  auth: 'required',
  roles: ['admin'],
  headers: { 'X-Team': 'team' },
  stripPrefix: true,
  disabled: false,
};

describe('route form state', () => {
  it('round-trips a route through the form values', () => {
    expect(toRoute(toFormValues(route))).toEqual(route);
  });

  it('drops empty list entries and trims what was typed', () => {
    const r = toRoute({
      ...toFormValues(route),
      name: ' a ',
      roles: ['', ' user '],
      headers: [{ header: '', claim: '' }],
    });
    expect(r.name).toBe('a');
    expect(r.roles).toEqual(['user']);
    expect(r.headers).toEqual({});
  });

  it('replaces or appends a route in the file', () => {
    const cfg = {
      version: 1,
      listen: '',
      issuer: '',
      audiences: [],
      authorizedParties: [],
      identityHeaders: {},
      routes: [route],
    };
    expect(withRoute(cfg, 0, { ...route, name: 'b' }).routes.map((r) => r.name)).toEqual(['b']);
    expect(withRoute(cfg, -1, { ...route, name: 'b' }).routes.map((r) => r.name)).toEqual(['admin', 'b']);
  });

  it('puts problems of this route under their fields as sentences naming the field', () => {
    const { fields, other } = routeProblems(
      [
        {
          route: 'admin',
          field: 'path',
          message: 'must start with /',
          sentence: 'The path of route "admin" must start with /.',
          fieldSentence: 'The path must start with /.',
        },
        {
          route: 'admin',
          field: 'name',
          message: 'duplicate: another route has the same name',
          sentence: 'The name of route "admin" is a duplicate: another route has the same name.',
          fieldSentence: 'The name is a duplicate: another route has the same name.',
        },
        {
          route: 'other',
          field: 'path',
          message: 'not mine',
          sentence: 'The path of route "other" is not mine.',
          fieldSentence: 'The path is not mine.',
        },
        {
          field: 'version',
          message: 'must be 1',
          sentence: 'The version must be 1.',
          fieldSentence: 'The version must be 1.',
        },
      ],
      'admin',
    );
    expect(fields).toEqual({
      path: ['The path must start with /.'],
      name: ['The name is a duplicate: another route has the same name.'],
    });
    expect(other.map(problemText)).toEqual(['The version must be 1.']);
    expect(routeLabel({ ...route, name: '' }, 2)).toBe('#3');
  });
});
