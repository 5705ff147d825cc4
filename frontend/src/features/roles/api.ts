// Typed wrappers over the RoleService bindings. Every call goes through
// call(), so a failure is an AppError with a code and one sentence. A role
// lives in the realm (clientUuid "") or in one client (its internal id).
import * as Roles from 'wails/go/app/RoleService';
import { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';
import { keycloakText } from '@/lib/keycloakText';

export type RoleRef = keycloak.RoleRef;
export type RoleInput = keycloak.RoleInput;
export type UserRef = keycloak.UserRef;
export type GroupRef = keycloak.GroupRef;

export const roleApi = {
  list: (realm: string, clientUuid: string, search: string, first: number, max: number) =>
    call(() => Roles.List(realm, clientUuid, search, first, max)),
  get: (realm: string, clientUuid: string, name: string) => call(() => Roles.Get(realm, clientUuid, name)),
  create: (realm: string, clientUuid: string, input: RoleInput) =>
    call(() => Roles.Create(realm, clientUuid, keycloak.RoleInput.createFrom(input))),
  update: (realm: string, clientUuid: string, name: string, input: RoleInput) =>
    call(() => Roles.Update(realm, clientUuid, name, keycloak.RoleInput.createFrom(input))),
  remove: (realm: string, clientUuid: string, name: string, typedName: string) =>
    call(() => Roles.Delete(realm, clientUuid, name, typedName)),
  composites: (realm: string, clientUuid: string, name: string) =>
    call(() => Roles.Composites(realm, clientUuid, name)),
  effectiveComposites: (realm: string, clientUuid: string, name: string) =>
    call(() => Roles.EffectiveComposites(realm, clientUuid, name)),
  addComposites: (realm: string, clientUuid: string, name: string, roles: RoleRef[]) =>
    call(() =>
      Roles.AddComposites(
        realm,
        clientUuid,
        name,
        roles.map((r) => keycloak.RoleRef.createFrom(r)),
      ),
    ),
  removeComposites: (realm: string, clientUuid: string, name: string, roles: RoleRef[]) =>
    call(() =>
      Roles.RemoveComposites(
        realm,
        clientUuid,
        name,
        roles.map((r) => keycloak.RoleRef.createFrom(r)),
      ),
    ),
  users: (realm: string, clientUuid: string, name: string, first: number, max: number) =>
    call(() => Roles.Users(realm, clientUuid, name, first, max)),
  groups: (realm: string, clientUuid: string, name: string, first: number, max: number) =>
    call(() => Roles.Groups(realm, clientUuid, name, first, max)),
  usersWithAnyRole: (realm: string, roles: string[], first: number, max: number) =>
    call(() => Roles.UsersWithAnyRole(realm, roles, first, max)),
};

/** How routes name a role: "user", or "web:editor" for a client role. */
export function roleLabel(r: Pick<RoleRef, 'name' | 'clientId'>): string {
  return r.clientId ? `${r.clientId}:${r.name}` : r.name;
}

/** A role's description as the screens show it (a message key shows as nothing). */
export const roleDescription = keycloakText;

/** One page of a Keycloak list as Go sends it: the total may be an estimate. */
export interface KeycloakPage<T> {
  items: T[];
  total: number;
  estimated: boolean;
}

/**
 * A page whose total Keycloak could not count: DataTable then offers a next
 * page whenever a full page came back.
 */
export function tablePage<T>(page: KeycloakPage<T>): { items: T[]; total?: number } {
  return { items: page.items ?? [], total: page.estimated ? undefined : page.total };
}
