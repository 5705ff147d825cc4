import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  initialIdentity,
  initialMatrixUsers,
  initialRequest,
  matrixIdentities,
  prettyBody,
  secondsUntil,
  toIdentity,
  toRequest,
  upstreamHeaders,
  defaultRoute,
  switchKind,
} from './model';
import type { TesterRoute, Trace } from './api';

const hints = {
  validUser: 'alice',
  validPassword: 'alice',
  lackingUser: 'bob',
  lackingPassword: 'bob',
  serviceClient: 'tandem-service',
  serviceSecret: 's',
};

describe('identity form', () => {
  it('prefills the demo users only when the setup gives hints', () => {
    expect(initialIdentity({ client: 'web', hints })).toMatchObject({
      kind: 'password',
      username: 'alice',
      password: 'alice',
      clientId: 'web',
    });
    expect(initialIdentity({ client: 'web', hints: undefined })).toMatchObject({ username: '', password: '' });
    expect(initialMatrixUsers({ hints })).toEqual({
      validUser: 'alice',
      validPassword: 'alice',
      lackingUser: 'bob',
      lackingPassword: 'bob',
    });
  });

  it('sends only the fields of the chosen kind', () => {
    const f = {
      ...initialIdentity({ client: 'web', hints }),
      clientSecret: 'leftover',
      token: 'old',
      variant: 'bad-signature',
    };
    expect(toIdentity(f)).toEqual({
      kind: 'password',
      spoofHeaders: false,
      variant: 'bad-signature',
      username: 'alice',
      password: 'alice',
      clientId: 'web',
      realm: '',
    });
    const anon = toIdentity({ ...f, kind: 'anonymous', spoofHeaders: true });
    expect(anon).toEqual({ kind: 'anonymous', spoofHeaders: true });
    expect(toIdentity({ ...f, kind: 'client', clientId: ' tandem-service ' })).toEqual({
      kind: 'client',
      spoofHeaders: false,
      variant: 'bad-signature',
      clientId: 'tandem-service',
      clientSecret: 'leftover',
      realm: '',
    });
    expect(toIdentity({ ...f, kind: 'token', token: ' eyJ.a.b ' })).toMatchObject({ kind: 'token', token: 'eyJ.a.b' });
    expect(toIdentity({ ...f, kind: 'token' })).not.toHaveProperty('password');
  });

  it('moves the client field to what the new kind needs', () => {
    const setup = { client: 'web', hints };
    const f = initialIdentity(setup);
    const svc = switchKind(f, 'client', setup);
    expect(svc).toMatchObject({ kind: 'client', clientId: 'tandem-service', clientSecret: 's' });
    expect(switchKind(svc, 'password', setup)).toMatchObject({ kind: 'password', clientId: 'web' });
    expect(switchKind({ ...f, clientId: 'spa' }, 'client', setup).clientId).toBe('spa');
    const noHints = { client: 'web', hints: undefined };
    expect(switchKind(initialIdentity(noHints), 'client', noHints)).toMatchObject({ clientId: '', clientSecret: '' });
  });

  it('builds the matrix users through the form client, skipping an empty one', () => {
    const f = { ...initialIdentity({ client: 'web', hints }), clientId: 'spa' };
    const m = matrixIdentities({ validUser: 'alice', validPassword: 'pw', lackingUser: ' ', lackingPassword: '' }, f);
    expect(m.validUser).toEqual({ kind: 'password', username: 'alice', password: 'pw', clientId: 'spa', realm: '' });
    expect(m.lackingUser).toEqual({ kind: '' });
  });
});

describe('request form', () => {
  const route = {
    name: 'admin',
    path: '/api/admin',
    methods: ['post'],
    auth: 'required',
    roles: ['admin'],
  } as TesterRoute;

  it('starts from the route: first method, its path, the echo upstream', () => {
    expect(initialRequest(route)).toEqual({
      method: 'POST',
      path: '/api/admin',
      query: '',
      headers: [],
      body: '',
      upstream: 'echo',
    });
    expect(initialRequest(undefined).method).toBe('GET');
  });

  it('drops empty header rows and a leading ?', () => {
    const r = toRequest('admin', {
      ...initialRequest(route),
      query: '?a=1',
      headers: [
        { name: ' X-A ', value: '1' },
        { name: '', value: 'x' },
      ],
    });
    expect(r).toMatchObject({ route: 'admin', query: 'a=1', headers: [{ name: 'X-A', value: '1' }] });
  });

  it('defaults to the route the setup chose', () => {
    expect(defaultRoute({ defaultRoute: 'admin', routes: [route] })).toBe('admin');
    expect(defaultRoute({ defaultRoute: '', routes: [{ ...route, name: 'first' }] })).toBe('first');
    expect(defaultRoute({ defaultRoute: '', routes: [] })).toBe('');
  });
});

describe('upstream headers', () => {
  it('puts injected headers first and marks them, folding _ and case', () => {
    const trace = {
      upstreamHeaders: { Accept: ['*/*'], 'X-User-Id': ['a1'], 'X-User-Roles': ['user', 'admin'] },
      injected: { 'x-user-id': 'a1', 'X-User-Roles': 'user,admin' },
    } as unknown as Trace;
    expect(upstreamHeaders(trace)).toEqual([
      { name: 'X-User-Id', value: 'a1', injected: true },
      { name: 'X-User-Roles', value: 'user, admin', injected: true },
      { name: 'Accept', value: '*/*', injected: false },
    ]);
    expect(upstreamHeaders(undefined)).toEqual([]);
    expect(upstreamHeaders({ upstreamHeaders: null } as unknown as Trace)).toEqual([]);
  });
});

describe('token expiry', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('counts seconds to exp and ignores the zero time', () => {
    expect(secondsUntil('2026-03-01T12:05:00Z', now)).toBe(300);
    expect(secondsUntil('2026-03-01T11:59:00Z', now)).toBe(-60);
    expect(secondsUntil('0001-01-01T00:00:00Z', now)).toBeUndefined();
    expect(secondsUntil('', now)).toBeUndefined();
  });
  it('says time left or how long ago it expired', () => {
    expect(formatCountdown(245)).toBe('4 min 05 s left');
    expect(formatCountdown(9)).toBe('9 s left');
    expect(formatCountdown(-130)).toBe('expired 2 min 10 s ago');
    expect(formatCountdown(7260)).toBe('2 h 01 min left');
    expect(formatCountdown(0)).toBe('expired 0 s ago');
  });
});

describe('prettyBody', () => {
  it('indents JSON and leaves other text alone', () => {
    expect(prettyBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyBody('hello')).toBe('hello');
    expect(prettyBody('{broken')).toBe('{broken');
  });
});

describe('browser session identity', () => {
  const setup = { client: 'web', hints: undefined };
  it('sends only the username, password and a session variant', () => {
    const f = { ...initialIdentity(setup), kind: 'session' as const, username: ' alice ', password: 'alice' };
    expect(toIdentity({ ...f, variant: 'tampered-cookie', spoofHeaders: true, clientSecret: 'x' })).toEqual({
      kind: 'session',
      spoofHeaders: false,
      variant: 'tampered-cookie',
      username: 'alice',
      password: 'alice',
    });
    expect(toIdentity({ ...f, variant: 'bad-signature' }).variant).toBe('');
  });

  it('drops a token variant when switching to a session, and a session variant when switching back', () => {
    const f = { ...initialIdentity(setup), variant: 'bad-signature' };
    const s = switchKind(f, 'session', setup);
    expect(s.variant).toBe('');
    expect(switchKind({ ...s, variant: 'session-ended' }, 'password', setup).variant).toBe('');
  });
});
