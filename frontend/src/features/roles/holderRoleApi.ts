// The role-mapping calls UserService and GroupService share, in one place. It
// imports no binding itself, so a screen's test mocks only the service it uses.
import type { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

type RoleRef = keycloak.RoleRef;

/** Direct and effective role mappings of a group (or anything else holding roles). */
export interface RoleMappings {
  realm: RoleRef[];
  client: RoleRef[];
  effectiveRealm: RoleRef[];
  effectiveClient: RoleRef[];
}

/** The role-mapping bindings UserService and GroupService share: the realm and the holder's id come first. */
interface HolderRoleBindings {
  Roles(realm: string, id: string): Promise<RoleMappings>;
  AvailableRealmRoles(realm: string, id: string): Promise<RoleRef[]>;
  AvailableClientRoles(realm: string, id: string, search: string): Promise<RoleRef[]>;
  AssignRealmRoles(realm: string, id: string, names: string[]): Promise<void>;
  RemoveRealmRoles(realm: string, id: string, names: string[]): Promise<void>;
  AssignClientRoles(realm: string, id: string, clientUuid: string, names: string[]): Promise<void>;
  RemoveClientRoles(realm: string, id: string, clientUuid: string, names: string[]): Promise<void>;
}

/** The role-mapping calls of a holder's service (users, groups), each through call(). */
export function holderRoleApi(service: HolderRoleBindings) {
  return {
    roles: (realm: string, id: string) => call(() => service.Roles(realm, id)),
    availableRealmRoles: (realm: string, id: string) => call(() => service.AvailableRealmRoles(realm, id)),
    availableClientRoles: (realm: string, id: string, search: string) =>
      call(() => service.AvailableClientRoles(realm, id, search)),
    assignRealmRoles: (realm: string, id: string, names: string[]) =>
      call(() => service.AssignRealmRoles(realm, id, names)),
    removeRealmRoles: (realm: string, id: string, names: string[]) =>
      call(() => service.RemoveRealmRoles(realm, id, names)),
    assignClientRoles: (realm: string, id: string, clientUuid: string, names: string[]) =>
      call(() => service.AssignClientRoles(realm, id, clientUuid, names)),
    removeClientRoles: (realm: string, id: string, clientUuid: string, names: string[]) =>
      call(() => service.RemoveClientRoles(realm, id, clientUuid, names)),
  };
}

/** A holder's role-mapping calls, as holderRoleApi makes them. */
export type HolderRoleApi = ReturnType<typeof holderRoleApi>;
