// Typed wrappers over the RealmService bindings: every call goes through call(),
// so a failure is an AppError with a code and one sentence.
import * as Realms from 'wails/go/app/RealmService';
import { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

export type RealmSummary = keycloak.RealmSummary;
export type Realm = keycloak.Realm;
export type RealmSettings = keycloak.RealmSettings;

export const realmApi = {
  list: () => call(() => Realms.List()),
  get: (realm: string) => call(() => Realms.Get(realm)),
  updateSettings: (realm: string, settings: RealmSettings) =>
    call(() => Realms.UpdateSettings(realm, keycloak.RealmSettings.createFrom(settings))),
  create: (name: string, displayName: string, enabled: boolean) =>
    call(() => Realms.Create(keycloak.NewRealm.createFrom({ name, displayName, enabled }))),
  remove: (realm: string, typedName: string) => call(() => Realms.Delete(realm, typedName)),
  exportToFile: (realm: string) => call(() => Realms.ExportToFile(realm)),
};

/** The user profile's policies for attributes it does not declare, as Keycloak names them. */
export const unmanagedPolicies = [
  { value: 'DISABLED', label: 'Disabled: only declared attributes' },
  { value: 'ADMIN_EDIT', label: 'Admins can edit' },
  { value: 'ADMIN_VIEW', label: 'Admins can view' },
  { value: 'ENABLED', label: 'Enabled: users and admins' },
];
