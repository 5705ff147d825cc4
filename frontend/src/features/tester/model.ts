// Pure helpers of the Tester screen: form state ⇄ Go types, and the small
// derivations the panels show. No React here, so all of it is unit-tested.
import type { Identity, MatrixRow, TesterRoute, TesterSetup, TestRequest, Trace } from './api';

export type IdentityKind = 'anonymous' | 'password' | 'client' | 'token' | 'session';

/** A signed-in browser session's variants (the token variants do not apply to a cookie). */
export const sessionVariants: { id: string; label: string; description: string }[] = [
  {
    id: 'session-ended',
    label: 'Expired, refresh refused',
    description:
      "The real cookie after its Keycloak session was ended, sent to a proxy whose clock is past the token's expiry.",
  },
  {
    id: 'tampered-cookie',
    label: 'Tampered cookie',
    description: 'The real cookie with one character changed: it no longer opens.',
  },
];
export type UpstreamChoice = 'echo' | 'route';

export interface IdentityForm {
  kind: IdentityKind;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** Another realm of the same Keycloak; "" for the route file's issuer realm. */
  realm: string;
  token: string;
  variant: string;
  spoofHeaders: boolean;
}

export interface HeaderRow {
  name: string;
  value: string;
}

export interface RequestForm {
  method: string;
  path: string;
  query: string;
  headers: HeaderRow[];
  body: string;
  upstream: UpstreamChoice;
}

export interface MatrixUsers {
  validUser: string;
  validPassword: string;
  lackingUser: string;
  lackingPassword: string;
}

export const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The identity the screen opens with: a realm user through the setup's client, demo users for Local only. */
export function initialIdentity(setup: Pick<TesterSetup, 'client' | 'hints'>): IdentityForm {
  return {
    kind: 'password',
    username: setup.hints?.validUser ?? '',
    password: setup.hints?.validPassword ?? '',
    clientId: setup.client || 'web',
    clientSecret: '',
    realm: '',
    token: '',
    variant: '',
    spoofHeaders: false,
  };
}

export function initialMatrixUsers(setup: Pick<TesterSetup, 'hints'>): MatrixUsers {
  return {
    validUser: setup.hints?.validUser ?? '',
    validPassword: setup.hints?.validPassword ?? '',
    lackingUser: setup.hints?.lackingUser ?? '',
    lackingPassword: setup.hints?.lackingPassword ?? '',
  };
}

/** The request form for a route: its first method, its path, the echo upstream. */
export function initialRequest(route: TesterRoute | undefined): RequestForm {
  return {
    method: route?.methods?.[0]?.toUpperCase() ?? 'GET',
    path: route?.path ?? '/',
    query: '',
    headers: [],
    body: '',
    upstream: 'echo',
  };
}

/** Only the fields the kind uses, so a switch of kind never sends a stale secret. */
export function toIdentity(f: IdentityForm): Identity {
  const base = { kind: f.kind, spoofHeaders: f.spoofHeaders } as Identity;
  const variant = f.kind === 'anonymous' ? '' : f.variant;
  switch (f.kind) {
    case 'password':
      return {
        ...base,
        variant,
        username: f.username.trim(),
        password: f.password,
        clientId: f.clientId.trim(),
        realm: f.realm.trim(),
      };
    case 'client':
      return { ...base, variant, clientId: f.clientId.trim(), clientSecret: f.clientSecret, realm: f.realm.trim() };
    case 'token':
      return { ...base, variant, token: f.token.trim() };
    case 'session':
      return {
        ...base,
        spoofHeaders: false,
        variant: sessionVariants.some((v) => v.id === f.variant) ? f.variant : '',
        username: f.username.trim(),
        password: f.password,
      };
    default:
      return base;
  }
}

export function toRequest(route: string, f: RequestForm): TestRequest {
  return {
    route,
    method: f.method,
    path: f.path.trim(),
    query: f.query.trim().replace(/^\?/, ''),
    host: '',
    headers: f.headers.filter((h) => h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value })),
    body: f.body,
    upstream: f.upstream,
  } as TestRequest;
}

/** The two users of a matrix run, through the identity form's client and realm. */
export function matrixIdentities(users: MatrixUsers, f: IdentityForm): { validUser: Identity; lackingUser: Identity } {
  const user = (username: string, password: string) =>
    (username.trim()
      ? { kind: 'password', username: username.trim(), password, clientId: f.clientId.trim() || 'web', realm: '' }
      : { kind: '' }) as Identity;
  return {
    validUser: user(users.validUser, users.validPassword),
    lackingUser: user(users.lackingUser, users.lackingPassword),
  };
}

export interface UpstreamHeader {
  name: string;
  value: string;
  injected: boolean;
}

/** The headers the upstream received, injected identity headers first and marked. */
export function upstreamHeaders(trace: Trace | undefined | null): UpstreamHeader[] {
  if (!trace?.upstreamHeaders) return [];
  const injected = new Set(Object.keys(trace.injected ?? {}).map(fold));
  const rows = Object.entries(trace.upstreamHeaders).map(([name, values]) => ({
    name,
    value: (values ?? []).join(', '),
    injected: injected.has(fold(name)),
  }));
  return rows.sort((a, b) => Number(b.injected) - Number(a.injected) || a.name.localeCompare(b.name));
}

/** Header names compare case-insensitively with "_" and "-" alike, as the proxy strips them. */
export function fold(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

/** Whole seconds from now until an RFC 3339 time; undefined for none or the zero time. */
export function secondsUntil(iso: string | undefined | null, nowMs: number): number | undefined {
  if (!iso || iso.startsWith('0001-01-01')) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return Math.floor((t - nowMs) / 1000);
}

/** "4 min 05 s left", "expired 2 min 10 s ago". */
export function formatCountdown(seconds: number): string {
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const span =
    h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
  return seconds > 0 ? `${span} left` : `expired ${span} ago`;
}

export function rowHasSurprise(row: MatrixRow): boolean {
  return (row.surprises?.length ?? 0) > 0;
}

/** The status colour of an HTTP code: success, client refusal, server failure. */
export function statusColor(status: number): string {
  if (status >= 200 && status < 400) return 'green';
  if (status === 401 || status === 403) return 'orange';
  if (status >= 400) return 'red';
  return 'default';
}

/** The route picker's default: the one Setup chose, else the first route. */
export function defaultRoute(setup: Pick<TesterSetup, 'defaultRoute' | 'routes'>): string {
  return setup.defaultRoute || setup.routes[0]?.name || '';
}

/** The auth mode in words for the route picker. */
export function describeRoute(r: TesterRoute): string {
  const roles = r.roles?.length ? ` · any of ${r.roles.join(', ')}` : '';
  return `${r.auth}${roles}`;
}

/** Pretty-prints JSON text; anything else is returned as it is. */
export function prettyBody(body: string): string {
  const t = body.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return body;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return body;
  }
}

/**
 * Changes the identity kind, moving the client field to what the new kind
 * needs: the user client (web) for a user, the demo service account for a
 * service account on the Local profile. Typed values are kept otherwise.
 */
export function switchKind(
  f: IdentityForm,
  kind: IdentityKind,
  setup: Pick<TesterSetup, 'client' | 'hints'>,
): IdentityForm {
  const next = { ...f, kind };
  // Token and session variants do not carry over between the two.
  const sessionVariant = sessionVariants.some((v) => v.id === f.variant);
  if ((kind === 'session') !== sessionVariant) next.variant = '';
  const service = setup.hints?.serviceClient ?? '';
  if (kind === 'client' && (f.clientId === '' || f.clientId === setup.client)) {
    next.clientId = service;
    if (service && !f.clientSecret) next.clientSecret = setup.hints?.serviceSecret ?? '';
  }
  if (kind === 'password' && (f.clientId === '' || (service !== '' && f.clientId === service))) {
    next.clientId = setup.client;
  }
  return next;
}
