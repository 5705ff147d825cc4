// The active profile, shared by the whole UI without a provider: one small
// store fed by ProfileService.Active() and the profile:switched event, read
// with useActiveProfile(). Pages that show Keycloak or route data key
// themselves on the profile (see ProfileKeyed) so a switch reloads them.
import { useSyncExternalStore } from 'react';
import { toAppError, type AppError } from '@/lib/errors';
import { AppEvent, on } from '@/lib/events';
import { profilesApi, type Profile } from './api';

export interface ActiveProfileState {
  /** The active profile; null when there is none; undefined until first loaded. */
  profile: Profile | null | undefined;
  /** Set when loading failed for another reason than "no profile". */
  error: AppError | undefined;
  /**
   * Changes on every switch: use it as a React key so everything below
   * starts afresh for the new profile. "loading" until the first answer.
   */
  key: string;
}

let state: ActiveProfileState = { profile: undefined, error: undefined, key: 'loading' };
const listeners = new Set<() => void>();
let started = false;
let generation = 0;

function set(next: Partial<ActiveProfileState>) {
  state = { ...state, ...next };
  for (const l of [...listeners]) l();
}

function keyOf(p: Profile | null): string {
  return p ? `profile-${p.id}` : 'none';
}

/** Applies a profile the Go side announced (or null when none is left). */
export function applyActive(p: Profile | null) {
  generation++;
  set({ profile: p, error: undefined, key: keyOf(p) });
}

/** Loads the active profile from Go again. */
export async function refreshActive(): Promise<void> {
  const mine = ++generation;
  try {
    const p = await profilesApi.active();
    if (mine === generation) set({ profile: p, error: undefined, key: keyOf(p) });
  } catch (err) {
    if (mine !== generation) return;
    const e = toAppError(err);
    if (e.is('no_profile')) set({ profile: null, error: undefined, key: 'none' });
    else set({ profile: null, error: e, key: 'error' });
  }
}

/** Switches the app to another profile; the event updates every screen. */
export async function switchProfile(id: number): Promise<Profile> {
  const p = await profilesApi.switchTo(id);
  applyActive(p);
  return p;
}

function start() {
  if (started) return;
  started = true;
  on(AppEvent.ProfileSwitched, (p) => applyActive(p ?? null));
  void refreshActive();
}

function subscribe(listener: () => void): () => void {
  start();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => state;

/** The active profile and a key that changes when it does. */
export function useActiveProfile(): ActiveProfileState {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/**
 * Whether the active profile refuses changes. Every screen reads it here
 * instead of receiving it as a prop; the backend refuses the change anyway,
 * this only keeps the buttons honest.
 */
export function useReadOnly(): boolean {
  return useActiveProfile().profile?.readOnly ?? false;
}

/** Test helper: forget everything, as on a fresh start. */
export function resetActiveProfileForTests() {
  state = { profile: undefined, error: undefined, key: 'loading' };
  started = false;
  generation++;
  listeners.clear();
}
