import { describe, expect, it } from 'vitest';
import { emptyProvider, secretState, toFormValues, toInput } from './formState';

describe('identity provider form state', () => {
  it('never fills the secret field from the stored provider', () => {
    const v = toFormValues({ ...emptyProvider(), alias: 'corp', clientSecretSet: true });
    expect(v.clientSecret).toBe('');
    expect(secretState({ clientSecretSet: true })).toBe('set');
    expect(secretState({ clientSecretSet: false })).toBe('not set');
  });

  it('sends every field trimmed and an empty secret to keep the stored one', () => {
    const input = toInput({
      ...toFormValues({ ...emptyProvider(), alias: ' corp ', tokenUrl: ' https://idp/t ' }),
      clientSecret: '',
    });
    expect(input.alias).toBe('corp');
    expect(input.tokenUrl).toBe('https://idp/t');
    expect(input.clientSecret).toBe('');
    expect(input.ssoUrl).toBe('');
  });
});
