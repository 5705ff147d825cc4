import { describe, expect, it } from 'vitest';
import type { Route } from './api';
import { fileFieldOf, problemText, routeLabel, routeProblems, toFormValues, toRoute, withRoute } from './formState';

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
  rate: { perIdentity: '100/min', anonymous: '' },
  login: false,
  passToken: false,
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

  it('edits the rate limits as typed, trimmed', () => {
    const v = toFormValues(route);
    expect([v.ratePerIdentity, v.rateAnonymous]).toEqual(['100/min', '']);
    const r = toRoute({ ...v, ratePerIdentity: '', rateAnonymous: ' 20/min ' });
    expect(r.rate).toEqual({ perIdentity: '', anonymous: '20/min' });
    // A route without rate (an older file) reads as no limit.
    expect(toFormValues({ ...route, rate: undefined as never }).ratePerIdentity).toBe('');
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
    const rate = routeProblems(
      [
        {
          route: 'admin',
          field: 'rate.per_identity',
          message: '"100/m" is not a rate',
          sentence: 'x',
          fieldSentence: 'The rate.per_identity "100/m" is not a rate.',
        },
      ],
      'admin',
    );
    expect(rate.fields['rate.per_identity']).toEqual(['The rate.per_identity "100/m" is not a rate.']);
    expect(rate.other).toEqual([]);
    expect(routeLabel({ ...route, name: '' }, 2)).toBe('#3');
  });
});

describe('browser sign-in switches', () => {
  it('keeps login and pass_token through the form', () => {
    const r = { ...route, login: true, passToken: true };
    expect(toRoute(toFormValues(r))).toEqual(r);
  });

  it("shows Go's problems about login and pass_token under their switches", () => {
    const { fields, other } = routeProblems(
      [
        {
          route: 'feed',
          field: 'login',
          message: 'only allowed with auth required (this route is "optional")',
          sentence: '',
          fieldSentence: 'Login is only allowed with auth required (this route is "optional").',
        },
        {
          route: 'feed',
          field: 'pass_token',
          message: "needs the file's login block: only a session's token is passed",
          sentence: '',
          fieldSentence: "Pass_token needs the file's login block: only a session's token is passed.",
        },
      ],
      'feed',
    );
    expect(Object.keys(fields).sort()).toEqual(['login', 'pass_token']);
    expect(fields[fileFieldOf.passToken ?? 'passToken']).toHaveLength(1);
    expect(other).toEqual([]);
  });
});
