// The Tester workbench's state in one place: the route, the forms, the last answers and the
// dialogs, changed only through the actions below. Pure, so each transition is unit-tested.
import { oneOf } from '@/lib/oneOf';
import type { Case, MatrixResult, Result, TesterSetup } from './api';
import {
  defaultRoute,
  initialIdentity,
  initialMatrixUsers,
  initialRequest,
  type IdentityForm,
  type IdentityKind,
  type MatrixUsers,
  type RequestForm,
} from './model';

/** Where the answer shows: the last Send, the matrix, who can reach the route, the saved cases. */
export type AnswerTab = 'result' | 'matrix' | 'reach' | 'cases';
export const answerTabs: readonly AnswerTab[] = ['result', 'matrix', 'reach', 'cases'];

const identityKinds: readonly IdentityKind[] = ['anonymous', 'password', 'client', 'token', 'session'];

/** What of a saved case the forms take (a Case from the cases list is one). */
export interface SavedCase {
  route: Case['route'];
  request: Partial<Pick<Case['request'], 'method' | 'path' | 'query' | 'body' | 'upstream'>> & {
    headers?: { name: string; value: string }[] | null;
  };
  identity: Partial<Pick<Case['identity'], 'kind' | 'username' | 'clientId' | 'realm' | 'variant' | 'spoofHeaders'>>;
}

/** What of the setup the workbench reads: the routes, the default one, the client and the demo hints. */
export type WorkbenchSetup = Pick<TesterSetup, 'routes' | 'defaultRoute' | 'client' | 'hints'>;

export interface WorkbenchState {
  routeName: string;
  identity: IdentityForm;
  request: RequestForm;
  users: MatrixUsers;
  /** The last Send's answer, for the chosen route. */
  result: Result | undefined;
  /** The last matrix run, for the chosen route. */
  matrix: MatrixResult | undefined;
  tab: AnswerTab;
  /** The Save-as-case dialog; its key gives each opening a fresh form. */
  saving: { open: boolean; key: number };
  /** Bumped when a case was saved, so the cases list reloads. */
  casesVersion: number;
}

export type WorkbenchAction =
  | { type: 'route'; name: string }
  | { type: 'identity'; identity: IdentityForm }
  | { type: 'request'; request: RequestForm }
  | { type: 'users'; users: MatrixUsers }
  | { type: 'sent'; result: Result }
  | { type: 'matrix'; matrix: MatrixResult }
  | { type: 'tab'; tab: AnswerTab }
  | { type: 'open-save' }
  | { type: 'close-save' }
  | { type: 'case-saved' }
  | { type: 'load-case'; case: SavedCase };

export function initialWorkbench(setup: WorkbenchSetup): WorkbenchState {
  const routeName = defaultRoute(setup);
  return {
    routeName,
    identity: initialIdentity(setup),
    request: initialRequest(setup.routes.find((r) => r.name === routeName)),
    users: initialMatrixUsers(setup),
    result: undefined,
    matrix: undefined,
    tab: 'result',
    saving: { open: false, key: 0 },
    casesVersion: 0,
  };
}

export function workbenchReducer(
  setup: WorkbenchSetup,
  state: WorkbenchState,
  action: WorkbenchAction,
): WorkbenchState {
  switch (action.type) {
    case 'route':
      return pickRoute(setup, state, action.name);
    case 'identity':
      return { ...state, identity: action.identity };
    case 'request':
      return { ...state, request: action.request };
    case 'users':
      return { ...state, users: action.users };
    case 'sent':
      return { ...state, result: action.result, tab: 'result' };
    case 'matrix':
      return { ...state, matrix: action.matrix, tab: 'matrix' };
    case 'tab':
      return { ...state, tab: action.tab };
    case 'open-save':
      return { ...state, saving: { open: true, key: state.saving.key + 1 } };
    case 'close-save':
      return { ...state, saving: { ...state.saving, open: false } };
    case 'case-saved':
      return { ...state, casesVersion: state.casesVersion + 1 };
    case 'load-case':
      return loadCase(setup, state, action.case);
  }
}

/** Another route: its path and method, the headers and upstream kept; the answers of the old route dropped. */
function pickRoute(setup: WorkbenchSetup, state: WorkbenchState, name: string): WorkbenchState {
  return {
    ...state,
    routeName: name,
    request: {
      ...initialRequest(setup.routes.find((x) => x.name === name)),
      headers: state.request.headers,
      upstream: state.request.upstream,
    },
    result: undefined,
    matrix: undefined,
  };
}

/** A saved case into the forms; the password typed for the same user is kept, a pasted token never is. */
function loadCase(setup: WorkbenchSetup, state: WorkbenchState, c: SavedCase): WorkbenchState {
  const picked = pickRoute(setup, state, c.route);
  const id = c.identity;
  const f = state.identity;
  return {
    ...picked,
    request: {
      method: c.request.method || 'GET',
      path: c.request.path || setup.routes.find((r) => r.name === c.route)?.path || '/',
      query: c.request.query ?? '',
      headers: (c.request.headers ?? []).map((h) => ({ name: h.name, value: h.value })),
      body: c.request.body ?? '',
      upstream: c.request.upstream === 'route' ? 'route' : 'echo',
    },
    identity: {
      ...f,
      kind: oneOf(identityKinds, id.kind) ?? 'anonymous',
      username: id.username ?? '',
      clientId: id.clientId ?? f.clientId,
      realm: id.realm ?? '',
      variant: id.variant ?? '',
      spoofHeaders: !!id.spoofHeaders,
      password: id.username === f.username ? f.password : '',
      token: '',
    },
  };
}

/** Secrets the forms hold, offered to a suite run (keys as Go's tester.SecretKey). */
export function knownSecrets({ identity, users }: Pick<WorkbenchState, 'identity' | 'users'>): Record<string, string> {
  const s: Record<string, string> = {};
  if (identity.username && identity.password)
    s[`password:${identity.realm.trim()}/${identity.username.trim()}`] = identity.password;
  if (identity.clientId && identity.clientSecret)
    s[`client:${identity.realm.trim()}/${identity.clientId.trim()}`] = identity.clientSecret;
  if (users.validUser && users.validPassword) s[`password:/${users.validUser.trim()}`] ??= users.validPassword;
  if (users.lackingUser && users.lackingPassword) s[`password:/${users.lackingUser.trim()}`] ??= users.lackingPassword;
  return s;
}
