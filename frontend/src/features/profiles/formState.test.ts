import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { fieldProblems, toFormValues, toInput } from './formState';

describe('profile form state', () => {
  it('maps Go validation details onto form fields and keeps the rest apart', () => {
    const err = new AppError('invalid_input', 'invalid profile', [
      'name: is required',
      'keycloakUrl: must start with http:// or https://',
      'name: is longer than 64 characters',
      'passphrase: must be at least 8 characters',
    ]);
    const { fields, other } = fieldProblems(err);
    expect(fields).toEqual([
      { name: 'name', errors: ['Is required', 'Is longer than 64 characters'] },
      { name: 'keycloakUrl', errors: ['Must start with http:// or https://'] },
    ]);
    expect(other).toEqual(['passphrase: must be at least 8 characters']);
  });

  it('trims text fields but keeps the secret exactly as typed', () => {
    const input = toInput({ ...toFormValues(), name: '  Staging ', keycloakUrl: ' https://kc ', secret: ' pass ' });
    expect(input.name).toBe('Staging');
    expect(input.keycloakUrl).toBe('https://kc');
    expect(input.secret).toBe(' pass ');
  });

  it('never puts a secret into the values of an existing profile', () => {
    const values = toFormValues({
      id: 1,
      name: 'Prod',
      kind: 'prod',
      color: '#f5222d',
      keycloakUrl: 'https://kc',
      adminRealm: 'master',
      authMethod: 'password',
      username: 'ops',
      clientId: '',
      defaultRealm: '',
      readOnly: true,
      notes: '',
      secretStore: 'keychain',
      createdAt: '',
      updatedAt: '',
    });
    expect(values.secret).toBe('');
    expect(values.readOnly).toBe(true);
  });
});
