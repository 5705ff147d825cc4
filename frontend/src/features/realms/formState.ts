import type { RealmSettings } from './api';

/** The settings form shows durations in minutes; Keycloak stores seconds. */
export interface SettingsForm {
  displayName: string;
  enabled: boolean;
  registrationAllowed: boolean;
  loginWithEmailAllowed: boolean;
  verifyEmail: boolean;
  accessTokenLifespanMinutes: number;
  ssoSessionIdleTimeoutMinutes: number;
  ssoSessionMaxLifespanMinutes: number;
  bruteForceProtected: boolean;
  unmanagedAttributes: string;
}

export function toForm(s: RealmSettings): SettingsForm {
  return {
    displayName: s.displayName,
    enabled: s.enabled,
    registrationAllowed: s.registrationAllowed,
    loginWithEmailAllowed: s.loginWithEmailAllowed,
    verifyEmail: s.verifyEmail,
    accessTokenLifespanMinutes: s.accessTokenLifespan / 60,
    ssoSessionIdleTimeoutMinutes: s.ssoSessionIdleTimeout / 60,
    ssoSessionMaxLifespanMinutes: s.ssoSessionMaxLifespan / 60,
    bruteForceProtected: s.bruteForceProtected,
    unmanagedAttributes: s.unmanagedAttributes || 'DISABLED',
  };
}

export function fromForm(f: SettingsForm): RealmSettings {
  return {
    displayName: f.displayName ?? '',
    enabled: f.enabled,
    registrationAllowed: f.registrationAllowed,
    loginWithEmailAllowed: f.loginWithEmailAllowed,
    verifyEmail: f.verifyEmail,
    accessTokenLifespan: Math.round(f.accessTokenLifespanMinutes * 60),
    ssoSessionIdleTimeout: Math.round(f.ssoSessionIdleTimeoutMinutes * 60),
    ssoSessionMaxLifespan: Math.round(f.ssoSessionMaxLifespanMinutes * 60),
    bruteForceProtected: f.bruteForceProtected,
    unmanagedAttributes: f.unmanagedAttributes,
  };
}

/** "5 minutes", "1 hour 30 minutes", "10 hours" for a number of seconds. */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [];
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  return parts.join(' ');
}
