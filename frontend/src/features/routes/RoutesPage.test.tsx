import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { RoutesPage } from './RoutesPage';

const api = vi.hoisted(() => ({ Get: vi.fn(), Validate: vi.fn() }));
vi.mock('wails/go/app/RouteService', () => api);

function file(readOnly: boolean) {
  return {
    config: {
      version: 1,
      listen: '',
      issuer: '',
      audiences: [],
      authorizedParties: [],
      identityHeaders: {},
      routes: [],
    },
    issuer: 'http://127.0.0.1:8180/realms/demo',
    issuerDerived: true,
    identityHeaders: {},
    profile: readOnly ? 'Prod' : 'Local',
    readOnly,
  };
}

function renderPage() {
  renderWithProviders(
    <MemoryRouter>
      <RoutesPage />
    </MemoryRouter>,
  );
}

describe('RoutesPage without routes', () => {
  beforeEach(() => api.Get.mockReset());

  it('on a read-only profile says why nothing can be added', async () => {
    api.Get.mockResolvedValue(file(true));
    renderPage();
    expect(
      await screen.findByText('No routes. This profile is read-only: routes cannot be added or imported here.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Add route/ })).toBeDisabled();
    expect(screen.getByRole('button', { name: /Import/ })).toBeDisabled();
  });

  it('on a writable profile invites adding or importing one', async () => {
    api.Get.mockResolvedValue(file(false));
    renderPage();
    expect(await screen.findByText('No routes yet: add one, or import a route file.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Add route/ })).toBeEnabled();
  });
});
