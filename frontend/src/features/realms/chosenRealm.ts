import { readStored } from '@/lib/storage';

/** Where the realm last chosen for a profile is kept: one choice per profile, shared by every screen. */
export const chosenRealmKey = (profileId: number) => `tandem.realm.${profileId}`;

/** The realm last chosen for the profile on any screen, if any. */
export const chosenRealm = (profileId: number): string | undefined =>
  readStored<string | undefined>(chosenRealmKey(profileId), undefined);
