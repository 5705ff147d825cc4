// Typed wrappers over the RealmEventService bindings: every call goes through
// call(), so a failure is an AppError with a code and one sentence.
import * as Events from 'wails/go/app/RealmEventService';
import { keycloak, type proxy } from 'wails/go/models';
import { call } from '@/lib/call';

export type EventsConfig = keycloak.EventsConfig;
export type LoginEvent = keycloak.LoginEvent;
export type AdminEvent = keycloak.AdminEvent;
export type EventQuery = keycloak.EventQuery;
export type AdminEventQuery = keycloak.AdminEventQuery;
export type ProxyRecord = proxy.Record;

/** An EventQuery with every field filled, as the bindings expect. */
function eventQuery(q: Partial<EventQuery>): EventQuery {
  return keycloak.EventQuery.createFrom({
    userId: '',
    types: [],
    clientId: '',
    ipAddress: '',
    from: 0,
    to: 0,
    first: 0,
    max: 50,
    ...q,
  });
}

function adminEventQuery(q: Partial<AdminEventQuery>): AdminEventQuery {
  return keycloak.AdminEventQuery.createFrom({
    operations: [],
    resourceTypes: [],
    resourcePath: '',
    authUserId: '',
    authClientId: '',
    authIpAddress: '',
    from: 0,
    to: 0,
    first: 0,
    max: 50,
    ...q,
  });
}

export const eventsApi = {
  config: (realm: string) => call(() => Events.Config(realm)),
  /** Writes the configuration and returns it as Keycloak now holds it. */
  updateConfig: (realm: string, cfg: EventsConfig) =>
    call(() => Events.UpdateConfig(realm, keycloak.EventsConfig.createFrom(cfg))),
  /** One page of login events, newest first; `more` says whether a next page exists. */
  loginEvents: (realm: string, q: Partial<EventQuery>) => call(() => Events.LoginEvents(realm, eventQuery(q))),
  adminEvents: (realm: string, q: Partial<AdminEventQuery>) =>
    call(() => Events.AdminEvents(realm, adminEventQuery(q))),
  /** A user's login events and the running proxy's records for the same subject. */
  timeline: (realm: string, userId: string) => call(() => Events.Timeline(realm, userId)),
};

/** Login event types an operator filters by most; Keycloak knows many more. */
export const commonEventTypes = [
  'LOGIN',
  'LOGIN_ERROR',
  'LOGOUT',
  'CODE_TO_TOKEN',
  'CODE_TO_TOKEN_ERROR',
  'REFRESH_TOKEN',
  'REFRESH_TOKEN_ERROR',
  'CLIENT_LOGIN',
  'CLIENT_LOGIN_ERROR',
  'UPDATE_PASSWORD',
  'RESET_PASSWORD',
  'USER_DISABLED_BY_TEMPORARY_LOCKOUT',
  'USER_DISABLED_BY_PERMANENT_LOCKOUT',
];

export const adminOperations = ['CREATE', 'UPDATE', 'DELETE', 'ACTION'];

export const adminResourceTypes = [
  'USER',
  'GROUP',
  'GROUP_MEMBERSHIP',
  'REALM_ROLE',
  'REALM_ROLE_MAPPING',
  'CLIENT',
  'CLIENT_ROLE',
  'CLIENT_ROLE_MAPPING',
  'CLIENT_SCOPE',
  'PROTOCOL_MAPPER',
  'COMPONENT',
  'REALM',
  'USER_SESSION',
];
