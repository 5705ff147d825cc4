// Typed wrappers over the UserService and UserImportService bindings. Every
// call goes through call(), so a failure is an AppError with a code and one sentence.
import * as Import from 'wails/go/app/UserImportService';
import * as Users from 'wails/go/app/UserService';
import { app, keycloak, userimport } from 'wails/go/models';
import { holderRoleApi } from '@/features/roles/holderRoleApi';
import { call } from '@/lib/call';

export type User = keycloak.User;
export type UserInput = keycloak.UserInput;
export type UserQuery = keycloak.UserQuery;
export type RoleRef = keycloak.RoleRef;
export type GroupRef = keycloak.GroupRef;
export type Credential = keycloak.Credential;
export type Session = keycloak.Session;
export type RoleSource = keycloak.RoleSource;
export type BulkAction = 'enable' | 'disable' | 'join-group' | 'sign-out' | 'delete';
export type BulkReport = keycloak.BulkReport;
export type ImportPlan = userimport.Plan;
export type ImportReport = userimport.Report;
export type ImportResult = userimport.Result;
export type HashingEstimate = userimport.HashingEstimate;

/** A UserQuery with every field filled, as the bindings expect. */
function userQuery(q: Partial<UserQuery>): UserQuery {
  return keycloak.UserQuery.createFrom({
    search: '',
    username: '',
    email: '',
    firstName: '',
    lastName: '',
    exact: false,
    attributes: '',
    first: 0,
    max: 20,
    ...q,
  });
}

export const userApi = {
  /** One page of users, without a count (Keycloak counts by scanning every match again). */
  search: (realm: string, q: Partial<UserQuery>) => call(() => Users.Search(realm, userQuery(q))),
  /** How many users match q's filters: ask once per filter, not per page. */
  count: (realm: string, q: Partial<UserQuery>) => call(() => Users.Count(realm, userQuery(q))),
  get: (realm: string, id: string) => call(() => Users.Get(realm, id)),
  /** Creates a user; groups are paths ("/staff") joined in the same request. */
  create: (realm: string, user: UserInput, password: string, temporaryPassword: boolean, groups: string[] = []) =>
    call(() => Users.Create(realm, app.NewUser.createFrom({ user, password, temporaryPassword, groups }))),
  update: (realm: string, id: string, user: UserInput) =>
    call(() => Users.Update(realm, id, keycloak.UserInput.createFrom(user))),
  /**
   * Updates the user and reads it back, as Keycloak now holds it (it may normalise what was sent). Without
   * attributes the stored ones stay: Go reads a null map as "leave them".
   */
  save: async (
    realm: string,
    id: string,
    user: Omit<UserInput, 'attributes'> & { attributes?: UserInput['attributes'] },
  ): Promise<User> => {
    await call(() =>
      Users.Update(realm, id, keycloak.UserInput.createFrom({ ...user, attributes: user.attributes ?? null })),
    );
    return call(() => Users.Get(realm, id));
  },
  remove: (realm: string, id: string) => call(() => Users.Delete(realm, id)),
  requiredActions: (realm: string) => call(() => Users.RequiredActions(realm)),
  resetPassword: (realm: string, id: string, password: string, temporary: boolean) =>
    call(() => Users.ResetPassword(realm, id, password, temporary)),
  credentials: (realm: string, id: string) => call(() => Users.Credentials(realm, id)),
  deleteCredential: (realm: string, id: string, credentialId: string) =>
    call(() => Users.DeleteCredential(realm, id, credentialId)),
  /** Every role the user holds, each with where it comes from (direct, group, composite). */
  effectiveRoles: (realm: string, id: string) => call(() => Users.EffectiveRoles(realm, id)),
  ...holderRoleApi(Users),
  groups: (realm: string, id: string) => call(() => Users.Groups(realm, id)),
  findGroups: (realm: string, search: string) => call(() => Users.FindGroups(realm, search)),
  joinGroup: (realm: string, id: string, groupId: string) => call(() => Users.JoinGroup(realm, id, groupId)),
  leaveGroup: (realm: string, id: string, groupId: string) => call(() => Users.LeaveGroup(realm, id, groupId)),
  sessions: (realm: string, id: string) => call(() => Users.Sessions(realm, id)),
  signOutSession: (realm: string, sessionId: string) => call(() => Users.SignOutSession(realm, sessionId)),
  signOutAll: (realm: string, id: string) => call(() => Users.SignOutAll(realm, id)),
  /** One action on many users; progress arrives as op:progress with opId, cancel with cancelBulk. */
  bulk: (opId: string, realm: string, ids: string[], action: BulkAction, groupId = '') =>
    call(() => Users.Bulk(opId, realm, ids, keycloak.BulkRequest.createFrom({ action, groupId }))),
  cancelBulk: (opId: string) => call(() => Users.CancelBulk(opId)),
};

/** The op:progress payload of a running bulk action (app.BulkProgress). */
export interface BulkProgress {
  opId: string;
  kind: string;
  done: number;
  total: number;
  failed: number;
}

export const importApi = {
  dryRun: (realm: string, csv: string) => call(() => Import.DryRun(realm, csv)),
  apply: (opId: string, realm: string, csv: string) => call(() => Import.Apply(opId, realm, csv)),
  cancel: (opId: string) => call(() => Import.Cancel(opId)),
  saveReport: (results: ImportResult[]) => call(() => Import.SaveReport(results)),
  reportCSV: (results: ImportResult[]) => call(() => Import.ReportCSV(results)),
};

/** The op:progress payload of a running import (app.ImportProgress). */
export interface ImportProgress {
  opId: string;
  kind: string;
  done: number;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

/** The editable part of a user, as UpdateUser expects it. */
export function toInput(u: User): UserInput {
  return {
    username: u.username,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    enabled: u.enabled,
    emailVerified: u.emailVerified,
    attributes: u.attributes,
    requiredActions: u.requiredActions,
  };
}
