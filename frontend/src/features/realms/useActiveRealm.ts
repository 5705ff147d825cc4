import { useActiveProfile } from '@/features/profiles/activeProfile';
import type { Profile } from '@/features/profiles/api';
import { AppError, ErrorCode } from '@/lib/errors';
import { useLoader } from '@/lib/useLoader';
import { realmApi, type RealmSummary } from './api';

export interface ActiveRealm {
  /** The active profile; null when there is none, undefined until loaded. */
  profile: Profile | null | undefined;
  realms: RealmSummary[];
  /** The chosen realm: the one asked for, else the profile's default realm, else the first one. */
  realm: string | undefined;
  loading: boolean;
  error: unknown;
  /** Changes when the active profile does: add it to loaders' deps. */
  profileKey: string;
  reload: () => void;
}

/**
 * The realms of the active profile's Keycloak and which one a screen works on.
 * `wanted` (from the URL) wins; without it the profile's default realm is used.
 * The list loads again when the profile is switched.
 */
export function useActiveRealm(wanted: string | undefined): ActiveRealm {
  const { profile, error: profileError, key } = useActiveProfile();
  const loaded = useLoader(() => realmApi.list(), [key], { enabled: !!profile });
  const realms = loaded.data ?? [];
  let realm = wanted;
  if (!realm && loaded.data) {
    realm =
      realms.find((r) => r.name === profile?.defaultRealm)?.name ??
      realms.find((r) => r.name !== 'master')?.name ??
      realms[0]?.name;
  }
  return {
    profile,
    realms,
    realm,
    loading: loaded.loading || profile === undefined,
    error:
      profileError ??
      (profile === null ? new AppError(ErrorCode.NoProfile, 'Choose or create a profile first.') : loaded.error),
    profileKey: key,
    reload: loaded.reload,
  };
}
