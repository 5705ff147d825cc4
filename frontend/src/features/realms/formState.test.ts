import { describe, expect, it } from 'vitest';
import { fromForm, humanDuration, toForm } from './formState';

describe('realm settings form state', () => {
  const settings = {
    displayName: 'Demo',
    enabled: true,
    registrationAllowed: false,
    loginWithEmailAllowed: true,
    verifyEmail: false,
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    bruteForceProtected: true,
    unmanagedAttributes: '',
  };

  it('writes the main fields over the current settings, keeping those of other tabs', () => {
    const form = toForm(settings);
    const out = fromForm({ ...form, displayName: 'Renamed', enabled: false }, settings);
    expect(out).toEqual({ ...settings, displayName: 'Renamed', enabled: false, unmanagedAttributes: 'DISABLED' });
  });

  it('treats a realm without an unmanaged attribute policy as disabled', () => {
    expect(toForm(settings).unmanagedAttributes).toBe('DISABLED');
  });

  it('says durations the way people do', () => {
    expect(humanDuration(45)).toBe('45 seconds');
    expect(humanDuration(300)).toBe('5 minutes');
    expect(humanDuration(5400)).toBe('1 hour 30 minutes');
    expect(humanDuration(36000)).toBe('10 hours');
  });
});
