// Typed wrappers over the MigrateService bindings; every call goes through
// call(), so a failure is an AppError with a code and one sentence.
import * as Migrate from 'wails/go/app/MigrateService';
import { app, kratos, tester } from 'wails/go/models';
import { call } from '@/lib/call';

export type RulesInput = app.RulesInput;
export type RulesPreview = app.RulesPreview;
export type IdentitiesFile = app.IdentitiesFile;
export type Mapping = kratos.Mapping;
export type IdentityReport = kratos.Report;
export type IdentityResult = kratos.Result;
export type EquivalenceReport = tester.EquivalenceReport;
export type EquivalenceRow = tester.EquivalenceRow;
export type Identity = tester.Identity;
/** How imported routes enter the profile's (oathkeeper.Into). */
export type Into = 'merge' | 'replace';

/** The op:progress payload of a running identity import. */
export type IdentityImportProgress = app.IdentityImportProgress;

export const migrateApi = {
  previewRules: (input: RulesInput, into: Into) =>
    call(() => Migrate.PreviewRules(app.RulesInput.createFrom(input), into)),
  importRules: (input: RulesInput, into: Into) =>
    call(() => Migrate.ImportRules(app.RulesInput.createFrom(input), into)),
  equivalence: (rules: RulesInput, validUser: Identity, lackingUser: Identity) =>
    call(() => Migrate.Equivalence(app.EquivalenceInput.createFrom({ rules, users: { validUser, lackingUser } }))),
  readIdentities: (text: string) => call(() => Migrate.ReadIdentities(text)),
  defaultMapping: () => call(() => Migrate.DefaultMapping()),
  dryRun: (realm: string, text: string, mapping: Mapping) =>
    call(() => Migrate.DryRunIdentities(realm, text, kratos.Mapping.createFrom(mapping))),
  importIdentities: (opId: string, realm: string, text: string, mapping: Mapping) =>
    call(() => Migrate.ImportIdentities(opId, realm, text, kratos.Mapping.createFrom(mapping))),
  cancelImport: (opId: string) => call(() => Migrate.CancelImport(opId)),
};
