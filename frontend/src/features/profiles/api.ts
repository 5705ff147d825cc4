// Typed access to app.ProfileService. Every call goes through call(), so a
// failure arrives as an AppError {code, message, details}.
import * as Bindings from 'wails/go/app/ProfileService';
import type { app, profile } from 'wails/go/models';
import { call } from '@/lib/call';
import { toAppError } from '@/lib/errors';

/** A stored profile, as the Go side sends it. It never carries the secret; secretStore is "keychain", "encrypted-file" or "". */
export type Profile = profile.Profile;
/** What the form sends. An empty secret on update keeps the stored one. */
export type ProfileInput = profile.ProfileInput;
/** A connection test's outcome; problem is one sentence naming what went wrong when ok is false. */
export type ConnectionResult = profile.Result;
export type ImportResult = profile.ImportResult;
export type ExportRequest = app.ExportRequest;
export type ImportRequest = app.ImportRequest;

/** The environment kinds Go accepts (profile.Kinds), in display order. */
export type Kind = 'local' | 'dev' | 'staging' | 'prod';
export type Conflict = 'skip' | 'rename';

export const kinds: Kind[] = ['local', 'dev', 'staging', 'prod'];

/** Whether a kind read from Go is one this UI knows (a newer Go may add one). */
export function isKind(value: string): value is Kind {
  return kinds.some((k) => k === value);
}

/** The outcome of a connection test whose call itself failed: shown like a failed test, with the error as its problem. */
export function failedConnection(err: unknown): ConnectionResult {
  return { ok: false, keycloakVersion: '', realms: [], problem: toAppError(err).message, versionNote: '' };
}

export const secretStoreLabel = (store: string): string =>
  store === 'keychain' ? 'OS keychain' : store === 'encrypted-file' ? 'Encrypted file' : 'No secret stored';

export const profilesApi = {
  list: () => call(() => Bindings.List()),
  get: (id: number) => call(() => Bindings.Get(id)),
  active: () => call(() => Bindings.Active()),
  create: (input: ProfileInput) => call(() => Bindings.Create(input)),
  update: (id: number, input: ProfileInput) => call(() => Bindings.Update(id, input)),
  remove: (id: number) => call(() => Bindings.Delete(id)),
  duplicate: (id: number, newName: string) => call(() => Bindings.Duplicate(id, newName)),
  switchTo: (id: number) => call(() => Bindings.Switch(id)),
  testConnection: (id: number) => call(() => Bindings.TestConnection(id)),
  testInput: (id: number, input: ProfileInput) => call(() => Bindings.TestInput(id, input)),
  exportText: (req: ExportRequest) => call(() => Bindings.Export(req)),
  exportToFile: (req: ExportRequest) => call(() => Bindings.ExportToFile(req)),
  importData: (req: ImportRequest) => call(() => Bindings.Import(req)),
  secretStore: () => call(() => Bindings.SecretStore()),
};
