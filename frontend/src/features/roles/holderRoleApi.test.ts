import { describe as suite, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/call';
import { holderRoleApi } from './holderRoleApi';

const role = { id: 'r1', name: 'editor', clientId: '', clientUuid: '', description: '', composite: false };

function bindings() {
  return {
    Roles: vi.fn(() => Promise.resolve({ realm: [role], client: [], effectiveRealm: [role], effectiveClient: [] })),
    AvailableRealmRoles: vi.fn(() => Promise.resolve([role])),
    AvailableClientRoles: vi.fn(() => Promise.resolve([role])),
    AssignRealmRoles: vi.fn(() => Promise.resolve()),
    RemoveRealmRoles: vi.fn(() => Promise.resolve()),
    AssignClientRoles: vi.fn(() => Promise.resolve()),
    RemoveClientRoles: vi.fn(() => Promise.resolve()),
  };
}

suite('holderRoleApi', () => {
  // Each call of the panel, the binding it must reach, and what it passes after the realm and the holder's id.
  const cases = [
    ['roles', 'Roles', []],
    ['availableRealmRoles', 'AvailableRealmRoles', []],
    ['availableClientRoles', 'AvailableClientRoles', ['edit']],
    ['assignRealmRoles', 'AssignRealmRoles', [['editor']]],
    ['removeRealmRoles', 'RemoveRealmRoles', [['viewer']]],
    ['assignClientRoles', 'AssignClientRoles', ['c-uuid', ['admin']]],
    ['removeClientRoles', 'RemoveClientRoles', ['c-uuid', ['reader']]],
  ] as const;

  it.each(cases)("%s passes the realm, the holder's id and the rest to %s", async (method, binding, rest) => {
    const service = bindings();
    const api = holderRoleApi(service) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const answer = await api[method]('demo', 'u1', ...rest);
    expect(service[binding]).toHaveBeenCalledWith('demo', 'u1', ...rest);
    expect(answer).toBe(await service[binding].mock.results[0]?.value);
  });

  it('turns a rejection into an AppError, as every binding call does', async () => {
    const service = bindings();
    service.AssignRealmRoles.mockImplementation(() =>
      Promise.reject(JSON.stringify({ code: 'forbidden', message: 'The active profile is read-only' })),
    );
    const err = await holderRoleApi(service)
      .assignRealmRoles('demo', 'g1', ['editor'])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'forbidden', message: 'The active profile is read-only' });
  });
});
