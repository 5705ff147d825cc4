// Typed wrappers over the IdentityProviderService bindings: every call goes
// through call(), so a failure is an AppError with a code and one sentence.
import * as Idps from 'wails/go/app/IdentityProviderService';
import { keycloak } from 'wails/go/models';
import { call } from '@/lib/call';

export type IdentityProvider = keycloak.IdentityProvider;
export type IdentityProviderInput = keycloak.IdentityProviderInput;
export type IdPMapper = keycloak.IdPMapper;
export type IdPMapperType = keycloak.IdPMapperType;

export const idpApi = {
  list: (realm: string) => call(() => Idps.List(realm)),
  create: (realm: string, input: IdentityProviderInput) =>
    call(() => Idps.Create(realm, keycloak.IdentityProviderInput.createFrom(input))),
  update: (realm: string, alias: string, input: IdentityProviderInput) =>
    call(() => Idps.Update(realm, alias, keycloak.IdentityProviderInput.createFrom(input))),
  remove: (realm: string, alias: string, typedAlias: string) => call(() => Idps.Delete(realm, alias, typedAlias)),
  discover: (realm: string, url: string) => call(() => Idps.Discover(realm, url)),
  mappers: (realm: string, alias: string) => call(() => Idps.Mappers(realm, alias)),
  mapperTypes: (realm: string, alias: string) => call(() => Idps.MapperTypes(realm, alias)),
  createMapper: (realm: string, alias: string, m: IdPMapper) =>
    call(() => Idps.CreateMapper(realm, alias, keycloak.IdPMapper.createFrom(m))),
  updateMapper: (realm: string, alias: string, m: IdPMapper) =>
    call(() => Idps.UpdateMapper(realm, alias, keycloak.IdPMapper.createFrom(m))),
  removeMapper: (realm: string, alias: string, id: string) => call(() => Idps.DeleteMapper(realm, alias, id)),
};

/** The provider types Tandem creates, with Keycloak's ids. */
export const providerTypes = [
  { value: 'oidc', label: 'OpenID Connect' },
  { value: 'keycloak-oidc', label: 'Keycloak OpenID Connect' },
  { value: 'saml', label: 'SAML' },
];

export const isOIDC = (providerId: string): boolean => providerId === 'oidc' || providerId === 'keycloak-oidc';
