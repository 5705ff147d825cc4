// Typed wrappers over the KeyService bindings: every call goes through call(),
// so a failure is an AppError with a code and one sentence.
import * as Keys from 'wails/go/app/KeyService';
import { keycloak, type app } from 'wails/go/models';
import { call } from '@/lib/call';

export type KeysView = app.KeysView;
export type RealmKey = keycloak.RealmKey;
export type KeyProvider = keycloak.KeyProvider;

export const keysApi = {
  /** The realm's key providers and keys, and what the running proxy holds. */
  keys: (realm: string) => call(() => Keys.Keys(realm)),
  /** Adds an rsa-generated provider; priority 0 takes one above every RS256 key, so it signs. */
  addRSA: (realm: string, name: string, priority: number) =>
    call(() =>
      Keys.AddRSAProvider(realm, keycloak.NewRSAKeyProvider.createFrom({ name, priority, algorithm: '', keySize: 0 })),
    ),
  setActive: (realm: string, id: string, active: boolean) => call(() => Keys.SetProviderActive(realm, id, active)),
  remove: (realm: string, id: string) => call(() => Keys.DeleteProvider(realm, id)),
};
