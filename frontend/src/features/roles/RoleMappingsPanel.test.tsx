import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import type { RoleRef } from './api';
import { RoleMappingsPanel, type RoleMappingsSource } from './RoleMappingsPanel';

// The panel only talks to its source; the role bindings behind ./api stay unused.
vi.mock('wails/go/app/RoleService', () => ({}));
vi.mock('wails/go/models', () => ({ keycloak: {} }));

const role = (id: string, name: string, clientId = '', clientUuid = ''): RoleRef => ({
  id,
  name,
  description: '',
  composite: false,
  clientId,
  clientUuid,
});

function source(): RoleMappingsSource & { [k: string]: ReturnType<typeof vi.fn> } {
  return {
    load: vi.fn(async () => ({
      realm: [role('r1', 'user')],
      client: [],
      effectiveRealm: [role('r1', 'user'), role('r0', 'offline_access')],
      effectiveClient: [],
    })),
    availableRealm: vi.fn(async () => [role('r2', 'admin')]),
    availableClient: vi.fn(async () => [role('c1', 'edit', 'web', 'uuid-web'), role('c2', 'view', 'web', 'uuid-web')]),
    assignRealm: vi.fn(async () => undefined),
    removeRealm: vi.fn(async () => undefined),
    assignClient: vi.fn(async () => undefined),
    removeClient: vi.fn(async () => undefined),
  };
}

describe('RoleMappingsPanel', () => {
  beforeEach(() => {
    activateProfile();
  });

  it('separates assigned roles from inherited ones', async () => {
    renderWithProviders(<RoleMappingsPanel source={source()} deps={[]} inheritedFrom="parents" />);
    expect(await screen.findByRole('button', { name: 'Remove role user' })).toBeInTheDocument();
    expect(screen.getByText('offline_access')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove role offline_access' })).not.toBeInTheDocument();
  });

  it('assigns realm roles by name and client roles per client in one go', async () => {
    const src = source();
    renderWithProviders(<RoleMappingsPanel source={src} deps={[]} inheritedFrom="parents" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Assign role' }));
    const dialog = await screen.findByRole('dialog', { name: 'Assign roles' });
    const combo = within(dialog).getByRole('combobox', { name: 'Roles to assign' });
    for (const label of ['admin', 'web:edit', 'web:view']) {
      await userEvent.click(combo);
      await userEvent.click(await screen.findByTitle(label));
    }
    await userEvent.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(src.assignClient).toHaveBeenCalledWith('uuid-web', ['edit', 'view']));
    expect(src.assignRealm).toHaveBeenCalledWith(['admin']);
    expect(src.load).toHaveBeenCalledTimes(2);
  });

  it('offers no change on a read-only profile', async () => {
    activateProfile({ readOnly: true });
    renderWithProviders(<RoleMappingsPanel source={source()} deps={[]} inheritedFrom="parents" />);
    expect(await screen.findByRole('button', { name: 'Remove role user' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Assign role' })).toBeDisabled();
  });
});
