// Typed wrappers over the UserAccessService bindings: a user's consents,
// linked identity-provider accounts and impersonation.
import * as Access from 'wails/go/app/UserAccessService';
import type { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

export type Consent = keycloak.Consent;
export type LinkedAccount = keycloak.LinkedAccount;

export const userAccessApi = {
  consents: (realm: string, id: string) => call(() => Access.Consents(realm, id)),
  revokeConsent: (realm: string, id: string, clientId: string) => call(() => Access.RevokeConsent(realm, id, clientId)),
  linkedAccounts: (realm: string, id: string) => call(() => Access.LinkedAccounts(realm, id)),
  unlink: (realm: string, id: string, provider: string) => call(() => Access.Unlink(realm, id, provider)),
  /** Starts a session as the user and opens the account console in the browser; returns its URL. */
  impersonate: (realm: string, id: string) => call(() => Access.Impersonate(realm, id)),
};
