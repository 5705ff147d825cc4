import { describe, expect, it } from 'vitest';
import type { MatrixResult } from './api';
import {
  initialWorkbench,
  knownSecrets,
  workbenchReducer,
  type WorkbenchAction,
  type WorkbenchSetup,
} from './workbench';

const route = (name: string, path: string) => ({
  name,
  path,
  methods: ['GET'],
  host: '',
  auth: 'required',
  roles: [],
  upstream: 'http://127.0.0.1:9090',
  disabled: false,
});

const setup: WorkbenchSetup = {
  routes: [route('public', '/api/public'), route('admin', '/api/admin')],
  defaultRoute: 'admin',
  client: 'web',
  hints: {
    validUser: 'alice',
    validPassword: 'alice-pw',
    lackingUser: 'bob',
    lackingPassword: 'bob-pw',
    serviceClient: 'svc',
    serviceSecret: 's',
  },
};

/** A matrix answer as the Go side sends it; only its presence matters here. */
const matrix: MatrixResult = {
  route: 'admin',
  mode: 'required',
  roles: [],
  rows: [],
  surprises: 0,
  errors: 0,
  setup: [],
  convertValues: () => undefined,
};

const run = (...actions: WorkbenchAction[]) =>
  actions.reduce((s, a) => workbenchReducer(setup, s, a), initialWorkbench(setup));

describe('workbench', () => {
  it('opens on the default route with the demo users', () => {
    const s = initialWorkbench(setup);
    expect(s.routeName).toBe('admin');
    expect(s.request.path).toBe('/api/admin');
    expect(s.users.validUser).toBe('alice');
    expect(s.tab).toBe('result');
  });

  it('drops the answers of the old route on a route change, keeping headers and upstream', () => {
    const before = initialWorkbench(setup);
    const s = run(
      {
        type: 'request',
        request: { ...before.request, headers: [{ name: 'X-Trace', value: '1' }], upstream: 'route' },
      },
      { type: 'matrix', matrix },
      { type: 'route', name: 'public' },
    );
    expect(s.request.path).toBe('/api/public');
    expect(s.request.headers).toEqual([{ name: 'X-Trace', value: '1' }]);
    expect(s.request.upstream).toBe('route');
    expect(s.matrix).toBeUndefined();
  });

  it('shows each answer on its tab', () => {
    expect(run({ type: 'tab', tab: 'cases' }, { type: 'matrix', matrix }).tab).toBe('matrix');
  });

  it('loads a case into the forms, keeping the password typed for the same user and never a token', () => {
    const typed = run({ type: 'identity', identity: { ...initialWorkbench(setup).identity, token: 'eyJ...' } });
    const s = workbenchReducer(setup, typed, {
      type: 'load-case',
      case: {
        route: 'public',
        request: { method: 'POST', path: '', headers: [{ name: 'A', value: 'b' }], upstream: 'route' },
        identity: { kind: 'password', username: 'alice', spoofHeaders: true },
      },
    });
    expect(s.routeName).toBe('public');
    expect(s.request).toMatchObject({ method: 'POST', path: '/api/public', upstream: 'route' });
    expect(s.identity).toMatchObject({ kind: 'password', username: 'alice', password: 'alice-pw', token: '' });

    const other = workbenchReducer(setup, typed, {
      type: 'load-case',
      case: { route: 'admin', request: {}, identity: { kind: 'bogus', username: 'carol' } },
    });
    expect(other.identity).toMatchObject({ kind: 'anonymous', username: 'carol', password: '' });
  });

  it('opens the save dialog afresh each time and reloads the cases once one is saved', () => {
    const s = run({ type: 'open-save' }, { type: 'close-save' }, { type: 'open-save' }, { type: 'case-saved' });
    expect(s.saving).toEqual({ open: true, key: 2 });
    expect(s.casesVersion).toBe(1);
  });

  it('offers the secrets the forms hold, keyed as the Go side names them', () => {
    expect(knownSecrets(initialWorkbench(setup))).toEqual({
      'password:/alice': 'alice-pw',
      'password:/bob': 'bob-pw',
    });
  });
});
