import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { OIDCClient } from './api';
import { ScopesTab } from './ScopesTab';

const api = vi.hoisted(() => ({
  Scopes: vi.fn(),
  ProtocolMappers: vi.fn(),
  OwnMappers: vi.fn(),
  RealmScopes: vi.fn(),
  MapperTypes: vi.fn(),
  AssignScope: vi.fn(),
}));
vi.mock('wails/go/app/ClientService', () => api);
vi.mock('wails/go/models', () => ({ keycloak: {} }));

const client: OIDCClient = {
  id: 'c1',
  clientId: 'web',
  name: '',
  description: '',
  enabled: true,
  protocol: 'openid-connect',
  public: false,
  bearerOnly: false,
  rootUrl: '',
  redirectUris: [],
  webOrigins: [],
  standardFlow: true,
  directAccessGrants: false,
  serviceAccount: false,
  fullScopeAllowed: true,
  builtIn: false,
};

beforeEach(() => {
  for (const fn of Object.values(api)) fn.mockReset();
  api.Scopes.mockResolvedValue([]);
  api.ProtocolMappers.mockResolvedValue([]);
  api.OwnMappers.mockResolvedValue([]);
  api.MapperTypes.mockResolvedValue([]);
  api.RealmScopes.mockResolvedValue([{ id: 's1', name: 'orders', protocol: 'openid-connect' }]);
});

async function assignOrders() {
  const picker = await screen.findByRole('combobox', { name: 'Scope to assign' });
  await userEvent.click(picker);
  await userEvent.click(await screen.findByText('orders', { selector: '.ant-select-item-option-content' }));
  await userEvent.click(screen.getByRole('button', { name: 'Assign' }));
}

describe('assigning a client scope', () => {
  it('keeps the chosen scope when the assignment fails, and clears it once assigned', async () => {
    renderWithProviders(<ScopesTab realm="demo" client={client} />);
    api.AssignScope.mockRejectedValueOnce('{"code":"conflict","message":"scope already assigned"}');
    await assignOrders();

    expect(await screen.findByText(/scope already assigned/i)).toBeInTheDocument();
    const picker = screen.getByRole('combobox', { name: 'Scope to assign' }).closest('.ant-select');
    if (!(picker instanceof HTMLElement)) throw new Error('no scope picker');
    expect(within(picker).getByText('orders')).toBeInTheDocument();

    api.AssignScope.mockResolvedValueOnce(undefined);
    await userEvent.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(within(picker).queryByText('orders')).not.toBeInTheDocument());
    expect(api.AssignScope).toHaveBeenLastCalledWith('demo', 'c1', 's1', false);
  });
});
