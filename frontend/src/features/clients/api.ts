// Typed wrappers over the ClientService bindings: every call goes through
// call(), so a failure is an AppError with a code and one sentence. Clients
// are addressed by their internal id; protocolMappers takes the clientId.
import * as Clients from 'wails/go/app/ClientService';
import { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

export type OIDCClient = keycloak.OIDCClient;
export type OIDCClientInput = keycloak.OIDCClientInput;
export type ClientScopeRef = keycloak.ClientScopeRef;
export type ProtocolMapper = keycloak.ProtocolMapper;
export type ClientScope = keycloak.ClientScope;
export type MapperType = keycloak.MapperType;
export type MapperField = keycloak.MapperField;
export type MapperInput = keycloak.MapperInput;

export const clientApi = {
  list: (realm: string, search: string, first: number, max: number) =>
    call(() => Clients.List(realm, search, first, max)),
  get: (realm: string, id: string) => call(() => Clients.Get(realm, id)),
  create: (realm: string, input: OIDCClientInput) =>
    call(() => Clients.Create(realm, keycloak.OIDCClientInput.createFrom(input))),
  update: (realm: string, id: string, input: OIDCClientInput) =>
    call(() => Clients.Update(realm, id, keycloak.OIDCClientInput.createFrom(input))),
  remove: (realm: string, id: string, typedClientId: string) => call(() => Clients.Delete(realm, id, typedClientId)),
  secret: (realm: string, id: string) => call(() => Clients.Secret(realm, id)),
  regenerateSecret: (realm: string, id: string, typedClientId: string) =>
    call(() => Clients.RegenerateSecret(realm, id, typedClientId)),
  serviceAccountUser: (realm: string, id: string) => call(() => Clients.ServiceAccountUser(realm, id)),
  scopes: (realm: string, id: string) => call(() => Clients.Scopes(realm, id)),
  protocolMappers: (realm: string, clientId: string) => call(() => Clients.ProtocolMappers(realm, clientId)),
  mapperTypes: () => call(() => Clients.MapperTypes()),
  ownMappers: (realm: string, id: string) => call(() => Clients.OwnMappers(realm, id)),
  scopeMappers: (realm: string, scopeId: string) => call(() => Clients.ScopeMappers(realm, scopeId)),
  realmScopes: (realm: string) => call(() => Clients.RealmScopes(realm)),
  assignScope: (realm: string, id: string, scopeId: string, optional: boolean) =>
    call(() => Clients.AssignScope(realm, id, scopeId, optional)),
  unassignScope: (realm: string, id: string, scopeId: string) => call(() => Clients.UnassignScope(realm, id, scopeId)),
  createMapper: (realm: string, id: string, input: MapperInput) =>
    call(() => Clients.CreateMapper(realm, id, keycloak.MapperInput.createFrom(input))),
  updateMapper: (realm: string, id: string, mapperId: string, input: MapperInput) =>
    call(() => Clients.UpdateMapper(realm, id, mapperId, keycloak.MapperInput.createFrom(input))),
  deleteMapper: (realm: string, id: string, mapperId: string) => call(() => Clients.DeleteMapper(realm, id, mapperId)),
};

/** "public", "confidential" or "bearer-only", as the table shows a client's access type. */
export function accessType(c: Pick<OIDCClient, 'public' | 'bearerOnly'>): 'public' | 'confidential' | 'bearer-only' {
  if (c.bearerOnly) return 'bearer-only';
  return c.public ? 'public' : 'confidential';
}
