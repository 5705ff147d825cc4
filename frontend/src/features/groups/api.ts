// Typed wrappers over the GroupService bindings: every call goes through
// call(), so a failure is an AppError with a code and one sentence.
import * as Groups from 'wails/go/app/GroupService';
import { keycloak } from 'wails/go/models';
import { holderRoleApi } from '@/features/roles/holderRoleApi';
import { call } from '@/lib/call';

export type Group = keycloak.Group;

export const groupApi = {
  list: (realm: string, search: string, first: number, max: number) =>
    call(() => Groups.List(realm, search, first, max)),
  children: (realm: string, parentId: string, first: number, max: number) =>
    call(() => Groups.Children(realm, parentId, first, max)),
  get: (realm: string, id: string) => call(() => Groups.Get(realm, id)),
  create: (realm: string, parentId: string, name: string) => call(() => Groups.Create(realm, parentId, name)),
  rename: (realm: string, id: string, name: string) => call(() => Groups.Rename(realm, id, name)),
  remove: (realm: string, id: string, typedName: string) => call(() => Groups.Delete(realm, id, typedName)),
  members: (realm: string, id: string, first: number, max: number) => call(() => Groups.Members(realm, id, first, max)),
  addMember: (realm: string, id: string, userId: string) => call(() => Groups.AddMember(realm, id, userId)),
  removeMember: (realm: string, id: string, userId: string) => call(() => Groups.RemoveMember(realm, id, userId)),
  ...holderRoleApi(Groups),
};
