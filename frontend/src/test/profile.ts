import { applyActive, resetActiveProfileForTests } from '@/features/profiles/activeProfile';
import type { Profile } from '@/features/profiles/api';
import { stubProfiles } from '@/test/wailsjs-stub/go/app/ProfileService';

/** A whole profile as Go returns it: a local read-write one, with the given fields changed. */
export function testProfile(fields: Partial<Profile> = {}): Profile {
  return {
    id: 1,
    name: 'Test',
    kind: 'local',
    color: '#52c41a',
    keycloakUrl: 'http://kc',
    adminRealm: 'master',
    authMethod: 'password',
    username: 'admin',
    clientId: '',
    defaultRealm: 'demo',
    readOnly: false,
    notes: '',
    secretStore: '',
    createdAt: '',
    updatedAt: '',
    ...fields,
  };
}

/**
 * Makes a profile the active one before a render, as the app would after loading it: components that read
 * useReadOnly() or useActiveProfile() see it on their first render. The stub binding answers with the same
 * profile, so the store's own first load agrees.
 */
export function activateProfile(fields: Partial<Profile> = {}): Profile {
  const profile = testProfile(fields);
  stubProfiles.seed([{ ...profile }], profile.id);
  resetActiveProfileForTests();
  applyActive(profile);
  return profile;
}
