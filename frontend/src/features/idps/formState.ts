import type { IdentityProvider, IdentityProviderInput } from './api';

/** An empty provider of the given type, as the create form starts. */
export function emptyProvider(providerId = 'oidc'): IdentityProvider {
  return {
    alias: '',
    displayName: '',
    providerId,
    enabled: true,
    discoveryUrl: '',
    authorizationUrl: '',
    tokenUrl: '',
    clientId: '',
    clientSecretSet: false,
    issuer: '',
    jwksUrl: '',
    entityId: '',
    idpEntityId: '',
    ssoUrl: '',
    signRequests: false,
    validateSignature: false,
    signingCertificate: '',
  };
}

export interface ProviderFormValues extends IdentityProvider {
  /** Write-only: empty keeps the stored secret. */
  clientSecret: string;
}

export function toFormValues(p: IdentityProvider): ProviderFormValues {
  return { ...emptyProvider(p.providerId), ...p, clientSecret: '' };
}

/** The input the backend takes: every field filled, the secret only when typed. */
export function toInput(v: ProviderFormValues): IdentityProviderInput {
  const base = emptyProvider(v.providerId);
  const out = { ...base } as IdentityProviderInput;
  for (const key of Object.keys(base) as (keyof IdentityProvider)[]) {
    const value = v[key];
    if (value !== undefined && value !== null)
      (out as unknown as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value;
  }
  out.clientSecret = v.clientSecret ?? '';
  return out;
}

/** What the secret field says about the stored secret, which is never shown. */
export function secretState(p: Pick<IdentityProvider, 'clientSecretSet'> | undefined): string {
  return p?.clientSecretSet ? 'set' : 'not set';
}
