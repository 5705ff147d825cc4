// Typed wrappers over the RealmService bindings: every call goes through call(),
// so a failure is an AppError with a code and one sentence.
import * as Realms from 'wails/go/app/RealmService';
import { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

export type RealmSummary = keycloak.RealmSummary;
export type Realm = keycloak.Realm;
export type RealmSettings = keycloak.RealmSettings;
export type RealmPolicies = keycloak.RealmPolicies;
export type LoginOptions = keycloak.LoginOptions;
export type OTPPolicy = keycloak.OTPPolicy;
export type BruteForcePolicy = keycloak.BruteForcePolicy;
export type SessionLifespans = keycloak.SessionLifespans;
export type SMTPSettings = keycloak.SMTPSettings;
export type LoginFailures = keycloak.LoginFailures;

export const realmApi = {
  list: () => call(() => Realms.List()),
  get: (realm: string) => call(() => Realms.Get(realm)),
  updateSettings: (realm: string, settings: RealmSettings) =>
    call(() => Realms.UpdateSettings(realm, keycloak.RealmSettings.createFrom(settings))),
  create: (name: string, displayName: string, enabled: boolean) =>
    call(() => Realms.Create(keycloak.NewRealm.createFrom({ name, displayName, enabled }))),
  remove: (realm: string, typedName: string) => call(() => Realms.Delete(realm, typedName)),
  exportToFile: (realm: string) => call(() => Realms.ExportToFile(realm)),
  policies: (realm: string) => call(() => Realms.Policies(realm)),
  updateLoginOptions: (realm: string, o: LoginOptions) =>
    call(() => Realms.UpdateLoginOptions(realm, keycloak.LoginOptions.createFrom(o))),
  updatePasswordPolicy: (realm: string, policy: string) => call(() => Realms.UpdatePasswordPolicy(realm, policy)),
  updateOTPPolicy: (realm: string, p: OTPPolicy) =>
    call(() => Realms.UpdateOTPPolicy(realm, keycloak.OTPPolicy.createFrom(p))),
  updateBruteForce: (realm: string, p: BruteForcePolicy) =>
    call(() => Realms.UpdateBruteForce(realm, keycloak.BruteForcePolicy.createFrom(p))),
  updateSessionLifespans: (realm: string, l: SessionLifespans) =>
    call(() => Realms.UpdateSessionLifespans(realm, keycloak.SessionLifespans.createFrom(l))),
  updateSMTP: (realm: string, s: SMTPSettings) =>
    call(() => Realms.UpdateSMTP(realm, keycloak.SMTPSettings.createFrom(s))),
  loginFailures: (realm: string, userId: string) => call(() => Realms.LoginFailures(realm, userId)),
  unlock: (realm: string, userId: string) => call(() => Realms.Unlock(realm, userId)),
};

/** The user profile's policies for attributes it does not declare, as Keycloak names them. */
export const unmanagedPolicies = [
  { value: 'DISABLED', label: 'Disabled: only declared attributes' },
  { value: 'ADMIN_EDIT', label: 'Admins can edit' },
  { value: 'ADMIN_VIEW', label: 'Admins can view' },
  { value: 'ENABLED', label: 'Enabled: users and admins' },
];
