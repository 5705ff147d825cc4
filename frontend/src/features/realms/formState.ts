import type { RealmSettings } from './api';

/**
 * The main settings tab edits these; login options, lifespans and brute-force
 * detection are edited on their own tabs and kept as loaded when this one saves.
 */
export interface SettingsForm {
  displayName: string;
  enabled: boolean;
  unmanagedAttributes: string;
}

export function toForm(s: RealmSettings): SettingsForm {
  return {
    displayName: s.displayName,
    enabled: s.enabled,
    unmanagedAttributes: s.unmanagedAttributes || 'DISABLED',
  };
}

/** The settings to write: the form's fields over the realm's current settings. */
export function fromForm(f: SettingsForm, current: RealmSettings): RealmSettings {
  return {
    ...current,
    displayName: f.displayName ?? '',
    enabled: f.enabled,
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
