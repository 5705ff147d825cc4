import { describe, expect, it } from 'vitest';
import type { Problem, Route } from './api';
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
    // withRoute reads and writes only the file's routes.
    const cfg = { routes: [route] };
    expect(withRoute(cfg, 0, { ...route, name: 'b' }).routes.map((r) => r.name)).toEqual(['b']);
    expect(withRoute(cfg, -1, { ...route, name: 'b' }).routes.map((r) => r.name)).toEqual(['admin', 'b']);
  });

  it('puts problems of this route under their fields as sentences naming the field', () => {
    const { fields, other } = routeProblems(
      [
        problem('admin', 'path', 'path_not_absolute', 'The path must start with /.'),
        problem('admin', 'name', 'name_duplicate', 'The name is a duplicate: another route has the same name.'),
        problem('other', 'path', 'path_not_normal', 'The path is not mine.'),
        problem('', 'version', 'version', 'The version must be 1.', 'The version must be 1.'),
      ],
      'admin',
    );
    expect(fields).toEqual({
      path: ['The path must start with /.'],
      name: ['The name is a duplicate: another route has the same name.'],
    });
    expect(other.map(problemText)).toEqual(['The version must be 1.']);
    const rate = routeProblems(
      [problem('admin', 'rate.per_identity', 'rate_invalid', 'The rate.per_identity "100/m" is not a rate.')],
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
        problem(
          'feed',
          'login',
          'needs_auth_required',
          'Login is only allowed with auth required (this route is "optional").',
        ),
        problem(
          'feed',
          'pass_token',
          'needs_login_block',
          "Pass_token needs the file's login block: only a session's token is passed.",
        ),
      ],
      'feed',
    );
    expect(Object.keys(fields).sort()).toEqual(['login', 'pass_token']);
    expect(fields[fileFieldOf.passToken ?? 'passToken']).toHaveLength(1);
    expect(other).toEqual([]);
  });
});

/** A problem as Go's validation result carries it: placing it reads its route, field and field sentence. */
function problem(route: string, field: string, code: string, fieldSentence: string, sentence = ''): Problem {
  return { route, field, code, message: '', sentence, fieldSentence };
}
