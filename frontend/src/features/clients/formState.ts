// Converts between the API's client and the form's values: lists of URIs are
// edited as text, one per line, and the access type as one choice.
import type { OIDCClient, OIDCClientInput } from './api';

export type AccessType = 'public' | 'confidential';

export interface ClientFormValues {
  clientId: string;
  name: string;
  description: string;
  enabled: boolean;
  accessType: AccessType;
  rootUrl: string;
  redirectUris: string;
  webOrigins: string;
  standardFlow: boolean;
  directAccessGrants: boolean;
  serviceAccount: boolean;
}

export const newClientValues = (accessType: AccessType = 'confidential'): ClientFormValues => ({
  clientId: '',
  name: '',
  description: '',
  enabled: true,
  accessType,
  rootUrl: '',
  redirectUris: '',
  webOrigins: '+',
  standardFlow: true,
  directAccessGrants: false,
  serviceAccount: accessType === 'confidential',
});

export function toFormValues(c: OIDCClient): ClientFormValues {
  return {
    clientId: c.clientId,
    name: c.name ?? '',
    description: c.description ?? '',
    enabled: c.enabled,
    accessType: c.public ? 'public' : 'confidential',
    rootUrl: c.rootUrl ?? '',
    redirectUris: (c.redirectUris ?? []).join('\n'),
    webOrigins: (c.webOrigins ?? []).join('\n'),
    standardFlow: c.standardFlow,
    directAccessGrants: c.directAccessGrants,
    serviceAccount: c.serviceAccount,
  };
}

/** Splits a text area into entries: one per line (or comma), trimmed, empty ones dropped. */
export function lines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function toInput(v: ClientFormValues): OIDCClientInput {
  const isPublic = v.accessType === 'public';
  return {
    clientId: v.clientId.trim(),
    name: v.name.trim(),
    description: v.description.trim(),
    enabled: v.enabled,
    public: isPublic,
    rootUrl: v.rootUrl.trim(),
    redirectUris: lines(v.redirectUris),
    webOrigins: lines(v.webOrigins),
    standardFlow: v.standardFlow,
    directAccessGrants: v.directAccessGrants,
    // A public client cannot have a service account: never send one.
    serviceAccount: isPublic ? false : v.serviceAccount,
  };
}

/**
 * Problems the form can tell before asking Keycloak, one sentence each; the
 * Go side checks the same and more.
 */
export function problems(v: ClientFormValues): string[] {
  const out: string[] = [];
  if (!v.clientId.trim()) out.push('The client id is empty.');
  else if (/[\s/\\]/.test(v.clientId.trim())) out.push('The client id must not contain spaces or slashes.');
  if (v.rootUrl.trim() && !/^https?:\/\/[^/\s]+/.test(v.rootUrl.trim()))
    out.push('The root URL must start with http:// or https://.');
  if (v.accessType === 'confidential' && !v.standardFlow && !v.directAccessGrants && !v.serviceAccount)
    out.push('Turn on at least one flow, or the client cannot get tokens.');
  if (v.accessType === 'public' && !v.standardFlow && !v.directAccessGrants)
    out.push('A public client needs the standard flow or direct access grants to get tokens.');
  return out;
}

/** What works but is probably a mistake: shown, never blocking. */
export function warnings(v: ClientFormValues): string[] {
  const out: string[] = [];
  if (v.standardFlow && lines(v.redirectUris).length === 0)
    out.push('The standard flow has no redirect URI: browser logins will be refused.');
  if (lines(v.redirectUris).includes('*')) out.push('The redirect URI “*” lets any site receive codes.');
  return out;
}
