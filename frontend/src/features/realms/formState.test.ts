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

  it('shows durations in minutes and writes seconds back', () => {
    const form = toForm(settings);
    expect(form.accessTokenLifespanMinutes).toBe(5);
    expect(form.ssoSessionMaxLifespanMinutes).toBe(600);
    expect(fromForm({ ...form, accessTokenLifespanMinutes: 2.5 }).accessTokenLifespan).toBe(150);
  });

  it('treats a realm without an unmanaged attribute policy as disabled', () => {
    expect(toForm(settings).unmanagedAttributes).toBe('DISABLED');
    expect(fromForm(toForm(settings))).toEqual({ ...settings, unmanagedAttributes: 'DISABLED' });
  });

  it('says durations the way people do', () => {
    expect(humanDuration(45)).toBe('45 seconds');
    expect(humanDuration(300)).toBe('5 minutes');
    expect(humanDuration(5400)).toBe('1 hour 30 minutes');
    expect(humanDuration(36000)).toBe('10 hours');
  });
});
