// Typed wrappers over the RealmImportService bindings and the export with
// users: every call goes through call(), so a failure is an AppError.
import * as RealmImport from 'wails/go/app/RealmImportService';
import * as Realms from 'wails/go/app/RealmService';
import { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

export type ImportPlan = keycloak.ImportPlan;
export type PartialImportReport = keycloak.PartialImportReport;
export type PartialImportEntry = keycloak.PartialImportEntry;
/** The op:progress payload of a running realm-file import (app.RealmImportProgress). */
export interface RealmImportProgress {
  opId: string;
  kind: 'realm-import';
  done: number;
  total: number;
}
/** What a partial import does with a resource that already exists, as Keycloak names it. */
export type IfExists = 'FAIL' | 'SKIP' | 'OVERWRITE';

export const realmImportApi = {
  /** What the file holds and what is wrong with it; asks no Keycloak. */
  plan: (text: string) => call(() => RealmImport.Plan(text)),
  /** A new realm from the file; name replaces the file's realm name when not empty. */
  createRealm: (text: string, name: string, newIds: boolean) => call(() => RealmImport.CreateRealm(text, name, newIds)),
  /** The file into an existing realm; op:progress events carry opId. */
  importInto: (opId: string, realm: string, text: string, ifExists: IfExists, newIds: boolean) =>
    call(() => RealmImport.ImportInto(opId, realm, text, keycloak.ImportFileOptions.createFrom({ ifExists, newIds }))),
  cancel: (opId: string) => call(() => RealmImport.Cancel(opId)),
  exportWithUsersToFile: (realm: string) => call(() => Realms.ExportWithUsersToFile(realm)),
};

/** Readable names of Keycloak's resource types. */
export const resourceLabels: Record<string, string> = {
  CLIENT: 'Clients',
  REALM_ROLE: 'Realm roles',
  CLIENT_ROLE: 'Client roles',
  IDP: 'Identity providers',
  IDP_MAPPER: 'Identity provider mappers',
  GROUP: 'Groups',
  USER: 'Users',
};
