import { renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetActiveProfileForTests } from '@/features/profiles/activeProfile';
import { stubProfiles } from '@/test/wailsjs-stub/go/app/ProfileService';
import { useActiveRealm } from './useActiveRealm';

const realms = vi.hoisted(() => ({ List: vi.fn() }));
vi.mock('wails/go/app/RealmService', () => realms);
vi.mock('wails/go/models', () => ({ keycloak: {} }));

const local = { id: 1, name: 'Local', kind: 'local', color: '#52c41a', defaultRealm: 'demo', readOnly: false };
const staging = { id: 2, name: 'Staging', kind: 'staging', color: '#fa8c16', defaultRealm: 'demo', readOnly: false };

beforeEach(() => {
  window.localStorage.clear();
  resetActiveProfileForTests();
  stubProfiles.seed([local, staging], 1);
  realms.List.mockResolvedValue([{ name: 'master' }, { name: 'demo' }, { name: 'shop' }]);
});

describe('useActiveRealm', () => {
  it('remembers the realm chosen on one screen for every other screen of the profile', async () => {
    const users = renderHook(() => useActiveRealm(undefined));
    await waitFor(() => expect(users.result.current.realm).toBe('demo')); // the profile's default
    users.unmount();

    // Groups, with master picked (the picker puts it in the URL).
    const groups = renderHook(() => useActiveRealm('master'));
    await waitFor(() => expect(groups.result.current.realm).toBe('master'));
    groups.unmount();

    // Back on Users, which has no realm in its URL: master, not the default.
    const back = renderHook(() => useActiveRealm(undefined));
    await waitFor(() => expect(back.result.current.realms).toHaveLength(3));
    expect(back.result.current.realm).toBe('master');
  });

  it('keeps each profile its own choice and ignores a realm that is gone', async () => {
    window.localStorage.setItem('tandem.realm.1', JSON.stringify('gone'));
    const h = renderHook(() => useActiveRealm(undefined));
    await waitFor(() => expect(h.result.current.realms).toHaveLength(3));
    expect(h.result.current.realm).toBe('demo');
    expect(window.localStorage.getItem('tandem.realm.2')).toBeNull();
  });
});
