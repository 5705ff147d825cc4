import { describe, expect, it } from 'vitest';
import { keycloakText } from './keycloakText';

describe('keycloakText', () => {
  it('shows plain text and hides message keys', () => {
    expect(keycloakText('Shop admins')).toBe('Shop admins');
    expect(keycloakText('${role_offline-access}')).toBe('');
    expect(keycloakText('${client_account}')).toBe('');
    expect(keycloakText(undefined)).toBe('');
  });
});
