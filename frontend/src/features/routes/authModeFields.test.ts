import { describe, expect, it } from 'vitest';
import { setAside } from './authModeFields';

describe('fields the auth mode sets aside', () => {
  // [field, auth modes it is set aside under while empty]; a typo'd mode counts as not required.
  it.each([
    ['roles', ['optional', 'public', 'requird']],
    ['login', ['optional', 'public', 'requird']],
    ['passToken', ['public']],
    ['ratePerIdentity', ['public']],
    ['rateAnonymous', ['required']],
  ] as const)('%s is set aside under %j only, and never while it holds a value', (field, under) => {
    for (const auth of ['required', 'optional', 'public', 'requird']) {
      expect(setAside(field, auth, field === 'roles' ? [] : '')).toBe((under as readonly string[]).includes(auth));
      expect(setAside(field, auth, field === 'roles' ? ['admin'] : 'x')).toBe(false);
    }
  });
});
