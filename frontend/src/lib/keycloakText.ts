/**
 * Keycloak's built-in roles, clients and scopes carry message keys
 * ("${role_offline-access}", "${client_account}") as names and descriptions,
 * which its own console translates: show nothing rather than the key.
 */
export function keycloakText(text: string | undefined): string {
  return text && !text.startsWith('${') ? text : '';
}
