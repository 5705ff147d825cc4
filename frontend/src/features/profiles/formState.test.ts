import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { testProfile } from '@/test/profile';
import { fieldProblems, toFormValues, toInput } from './formState';

describe('profile form state', () => {
  it("puts Go's validation problems under the fields they name and keeps the rest apart", () => {
    const passphrase = { field: 'passphrase', code: 'too_short', message: 'Must be at least 8 characters' };
    const err = new AppError(
      'invalid_input',
      'invalid profile',
      [],
      [
        { field: 'name', code: 'required', message: 'Is required' },
        { field: 'keycloakUrl', code: 'url_scheme', message: 'Must start with http:// or https://' },
        { field: 'name', code: 'too_long', message: 'Is longer than 64 characters' },
        passphrase,
      ],
    );
    const { fields, other } = fieldProblems(err);
    expect(fields).toEqual([
      { name: 'name', errors: ['Is required', 'Is longer than 64 characters'] },
      { name: 'keycloakUrl', errors: ['Must start with http:// or https://'] },
    ]);
    expect(other).toEqual([passphrase]);
  });

  it('places a problem by its field, never by reading its details', () => {
    const err = new AppError('invalid_input', 'invalid profile', ['name: is required']);
    expect(fieldProblems(err)).toEqual({ fields: [], other: [] });
  });

  it('trims text fields but keeps the secret exactly as typed', () => {
    const input = toInput({ ...toFormValues(), name: '  Staging ', keycloakUrl: ' https://kc ', secret: ' pass ' });
    expect(input.name).toBe('Staging');
    expect(input.keycloakUrl).toBe('https://kc');
    expect(input.secret).toBe(' pass ');
  });

  it('never puts a secret into the values of an existing profile', () => {
    const values = toFormValues(
      testProfile({
        name: 'Prod',
        kind: 'prod',
        color: '#f5222d',
        keycloakUrl: 'https://kc',
        username: 'ops',
        defaultRealm: '',
        readOnly: true,
        secretStore: 'keychain',
      }),
    );
    expect(values.secret).toBe('');
    expect(values.readOnly).toBe(true);
  });
});
