// Typed access to app.ProfileService. Every call goes through call(), so a
// failure arrives as an AppError {code, message, details}.
import * as Bindings from 'wails/go/app/ProfileService';
import { call } from '@/lib/call';

export type Kind = 'local' | 'dev' | 'staging' | 'prod';
export type AuthMethod = 'password' | 'client';

/** A stored profile, as the Go side sends it. It never carries the secret. */
export interface Profile {
  id: number;
  name: string;
  kind: Kind;
  color: string;
  keycloakUrl: string;
  adminRealm: string;
  authMethod: AuthMethod;
  username: string;
  clientId: string;
  defaultRealm: string;
  readOnly: boolean;
  notes: string;
  /** "keychain", "encrypted-file", or "" when no secret is stored. */
  secretStore: string;
  createdAt: string;
  updatedAt: string;
}

/** What the form sends. An empty secret on update keeps the stored one. */
export interface ProfileInput {
  name: string;
  kind: Kind;
  color: string;
  keycloakUrl: string;
  adminRealm: string;
  authMethod: AuthMethod;
  username: string;
  clientId: string;
  defaultRealm: string;
  readOnly: boolean;
  notes: string;
  secret: string;
}

export interface ConnectionResult {
  ok: boolean;
  keycloakVersion: string;
  realms: string[] | null;
  /** One sentence naming what went wrong, when ok is false. */
  problem: string;
}

export interface SecretStoreInfo {
  active: string;
  reason: string;
  keyFile?: string;
}

export interface ImportResult {
  created: string[];
  renamed?: Record<string, string>;
  skipped: string[];
  withoutSecret: string[];
}

export interface ExportRequest {
  ids: number[];
  withSecrets: boolean;
  passphrase: string;
}

export type Conflict = 'skip' | 'rename';

export interface ImportRequest {
  data: string;
  passphrase: string;
  skipSecrets: boolean;
  onConflict: Conflict;
}

export const kinds: Kind[] = ['local', 'dev', 'staging', 'prod'];

export const secretStoreLabel = (store: string): string =>
  store === 'keychain' ? 'OS keychain' : store === 'encrypted-file' ? 'Encrypted file' : 'No secret stored';

export const profilesApi = {
  list: () => call(() => Bindings.List()) as Promise<Profile[]>,
  get: (id: number) => call(() => Bindings.Get(id)) as Promise<Profile>,
  active: () => call(() => Bindings.Active()) as Promise<Profile>,
  create: (input: ProfileInput) => call(() => Bindings.Create(input)) as Promise<Profile>,
  update: (id: number, input: ProfileInput) => call(() => Bindings.Update(id, input)) as Promise<Profile>,
  remove: (id: number) => call(() => Bindings.Delete(id)),
  duplicate: (id: number, newName: string) => call(() => Bindings.Duplicate(id, newName)) as Promise<Profile>,
  switchTo: (id: number) => call(() => Bindings.Switch(id)) as Promise<Profile>,
  testConnection: (id: number) => call(() => Bindings.TestConnection(id)) as Promise<ConnectionResult>,
  testInput: (id: number, input: ProfileInput) =>
    call(() => Bindings.TestInput(id, input)) as Promise<ConnectionResult>,
  exportText: (req: ExportRequest) => call(() => Bindings.Export(req)),
  exportToFile: (req: ExportRequest) => call(() => Bindings.ExportToFile(req)),
  importData: (req: ImportRequest) => call(() => Bindings.Import(req)) as Promise<ImportResult>,
  secretStore: () => call(() => Bindings.SecretStore()) as Promise<SecretStoreInfo>,
};
