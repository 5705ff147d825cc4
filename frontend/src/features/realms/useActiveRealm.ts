import { useCallback, useState } from 'react';
import { Active } from 'wails/go/app/ProfileService';
import type { profile } from 'wails/go/models';
import { call } from '@/lib/call';
import { AppEvent, useEvent } from '@/lib/events';
import { useLoader } from '@/lib/useLoader';
import { realmApi, type RealmSummary } from './api';

export interface ActiveRealm {
  /** The active profile, once loaded. */
  profile: profile.Profile | undefined;
  realms: RealmSummary[];
  /** The chosen realm: the one asked for, else the profile's default realm, else the first one. */
  realm: string | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * The realms of the active profile's Keycloak and which one a screen works on.
 * `wanted` (from the URL) wins; without it the profile's default realm is used.
 * Reloads when the profile is switched.
 */
export function useActiveRealm(wanted: string | undefined): ActiveRealm {
  const [generation, setGeneration] = useState(0);
  useEvent(AppEvent.ProfileSwitched, () => setGeneration((g) => g + 1));
  const loaded = useLoader(async () => {
    const p = await call(() => Active());
    const realms = await realmApi.list();
    return { profile: p, realms };
  }, [generation]);
  const { reload: reloadLoader } = loaded;
  const reload = useCallback(() => reloadLoader(), [reloadLoader]);

  const realms = loaded.data?.realms ?? [];
  const p = loaded.data?.profile;
  let realm = wanted;
  if (!realm && loaded.data) {
    const preferred = p?.defaultRealm;
    realm =
      realms.find((r) => r.name === preferred)?.name ??
      realms.find((r) => r.name !== 'master')?.name ??
      realms[0]?.name;
  }
  return { profile: p, realms, realm, loading: loaded.loading, error: loaded.error, reload };
}
