import type { Problem, Route, RouteConfig } from './api';

/** The route form's values: lists and maps in shapes antd form controls edit. */
export interface RouteFormValues {
  name: string;
  path: string;
  methods: string[];
  host: string;
  upstream: string;
  /** One of authModes; anything else (a file's typo) stays as it is, for Go to name. */
  auth: string;
  roles: string[];
  headers: { header: string; claim: string }[];
  stripPrefix: boolean;
  /** The route's rate limits as typed ("100/min"); empty: none. */
  ratePerIdentity: string;
  rateAnonymous: string;
  /** Browser sign-in: send navigations without credentials to sign in (required routes only). */
  login: boolean;
  /** Forward a session's access token as Authorization: Bearer (not for public routes). */
  passToken: boolean;
  disabled: boolean;
}

export const emptyRoute: RouteFormValues = {
  name: '',
  path: '/',
  methods: [],
  host: '',
  upstream: 'http://127.0.0.1:9090',
  auth: 'required',
  roles: [],
  headers: [],
  stripPrefix: false,
  ratePerIdentity: '',
  rateAnonymous: '',
  login: false,
  passToken: false,
  disabled: false,
};

export function toFormValues(r?: Route): RouteFormValues {
  if (!r) return { ...emptyRoute };
  return {
    name: r.name ?? '',
    path: r.path ?? '',
    methods: r.methods ?? [],
    host: r.host ?? '',
    upstream: r.upstream ?? '',
    auth: r.auth,
    roles: r.roles ?? [],
    headers: Object.entries(r.headers ?? {}).map(([header, claim]) => ({ header, claim })),
    stripPrefix: !!r.stripPrefix,
    ratePerIdentity: r.rate?.perIdentity ?? '',
    rateAnonymous: r.rate?.anonymous ?? '',
    login: !!r.login,
    passToken: !!r.passToken,
    disabled: !!r.disabled,
  };
}

/** Converts the form back to a route exactly as typed: Go validates and says what is wrong. */
export function toRoute(v: Partial<RouteFormValues>): Route {
  const headers: Record<string, string> = {};
  for (const h of v.headers ?? []) {
    if (h && (h.header || h.claim)) headers[(h.header ?? '').trim()] = (h.claim ?? '').trim();
  }
  return {
    name: (v.name ?? '').trim(),
    path: (v.path ?? '').trim(),
    methods: (v.methods ?? []).map((m) => m.trim()).filter(Boolean),
    host: (v.host ?? '').trim(),
    upstream: (v.upstream ?? '').trim(),
    auth: v.auth ?? '',
    roles: (v.roles ?? []).map((r) => r.trim()).filter(Boolean),
    headers,
    stripPrefix: !!v.stripPrefix,
    rate: { perIdentity: (v.ratePerIdentity ?? '').trim(), anonymous: (v.rateAnonymous ?? '').trim() },
    login: !!v.login,
    passToken: !!v.passToken,
    disabled: !!v.disabled,
  };
}

/** The file with one route replaced (index >= 0) or appended (index -1). */
export function withRoute<C extends Pick<RouteConfig, 'routes'>>(cfg: C, index: number, route: Route): C {
  const list = [...(cfg.routes ?? [])];
  if (index >= 0) list[index] = route;
  else list.push(route);
  return { ...cfg, routes: list };
}

/** How Go names a route in problems: its name, else "#<position>". */
export function routeLabel(route: Route, index: number): string {
  return route.name?.trim() ? route.name : `#${index + 1}`;
}

/** The route-file key (as Go names it in problems) of each form field whose name differs. */
export const fileFieldOf: Partial<Record<keyof RouteFormValues, string>> = {
  ratePerIdentity: 'rate.per_identity',
  rateAnonymous: 'rate.anonymous',
  passToken: 'pass_token',
};

/** The form fields Go's problems are shown under (headers has its own place below its list). */
export const problemFields: (keyof RouteFormValues)[] = [
  'name',
  'path',
  'methods',
  'host',
  'upstream',
  'auth',
  'roles',
  'ratePerIdentity',
  'rateAnonymous',
  'login',
  'passToken',
];

/** The route-file key Go names a form field by in problems. */
export const fileFieldFor = (name: keyof RouteFormValues): string => fileFieldOf[name] ?? name;

const formFields = new Set([...problemFields.map(fileFieldFor), 'headers']);

/**
 * Splits problems into those about this route's form fields (shown under the
 * field, as a sentence naming the field) and the rest (shown above the form,
 * as sentences naming their route). Field names are the Go route-file keys,
 * which the form uses too (strip_prefix aside).
 */
export function routeProblems(
  problems: Problem[],
  label: string,
): { fields: Record<string, string[]>; other: Problem[] } {
  const fields: Record<string, string[]> = {};
  const other: Problem[] = [];
  for (const p of problems) {
    if (p.route === label && p.field && formFields.has(p.field)) {
      (fields[p.field] ??= []).push(p.fieldSentence || p.message);
    } else if (p.route === label || !p.route) {
      other.push(p);
    }
  }
  return { fields, other };
}

/** A problem as one sentence naming its route and field. */
export function problemText(p: Problem): string {
  return p.sentence || p.message;
}
