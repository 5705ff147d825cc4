import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetActiveProfileForTests } from '@/features/profiles/activeProfile';
import { stubProfiles } from '@/test/wailsjs-stub/go/app/ProfileService';
import { renderWithProviders } from '@/test/render';
import { CommandPalette, matches } from './CommandPalette';

const routes = vi.hoisted(() => ({ Get: vi.fn() }));
const users = vi.hoisted(() => ({ Search: vi.fn() }));
vi.mock('wails/go/app/RouteService', () => routes);
vi.mock('wails/go/app/UserService', () => users);
vi.mock('wails/go/app/RealmService', () => ({}));
vi.mock('wails/go/app/UserImportService', () => ({}));
vi.mock('wails/go/models', () => ({
  keycloak: { UserQuery: { createFrom: (q: object) => q } },
  app: {},
  userimport: {},
}));

const local = { id: 1, name: 'Local', kind: 'local', color: '#52c41a', defaultRealm: 'demo', keycloakUrl: 'http://kc' };

function Where() {
  const loc = useLocation();
  return <div data-testid="where">{loc.pathname + loc.search}</div>;
}

function renderPalette() {
  return renderWithProviders(
    <MemoryRouter initialEntries={['/profiles']}>
      <CommandPalette />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  resetActiveProfileForTests();
  stubProfiles.seed([local], 1);
  routes.Get.mockResolvedValue({ config: { routes: [{ name: 'admin', path: '/api/admin' }] } });
  users.Search.mockResolvedValue({ items: [{ id: 'u-1', username: 'bob', email: 'bob@example.com' }] });
});

describe('CommandPalette', () => {
  it('matches every word of the query in the label or detail', () => {
    expect(matches({ label: 'admin', detail: '/api/admin' }, 'API adm')).toBe(true);
    expect(matches({ label: 'admin', detail: '/api/admin' }, 'feed')).toBe(false);
  });

  it('opens on Ctrl+K and jumps to a screen, a route or a user', async () => {
    renderPalette();
    await userEvent.keyboard('{Control>}k{/Control}');
    const box = await screen.findByRole('textbox', { name: /Jump to/ });
    await userEvent.type(box, 'prox');
    expect(await screen.findByRole('option', { name: /Proxy/ })).toBeInTheDocument();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/proxy'));

    await userEvent.keyboard('{Control>}k{/Control}');
    await userEvent.type(await screen.findByRole('textbox', { name: /Jump to/ }), 'admin');
    await userEvent.click(await screen.findByRole('option', { name: /\/api\/admin/ }));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/routes?route=admin'));

    await userEvent.keyboard('{Control>}k{/Control}');
    await userEvent.type(await screen.findByRole('textbox', { name: /Jump to/ }), 'bob');
    await userEvent.click(await screen.findByRole('option', { name: /bob@example.com/ }));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/users/demo/u-1/details'));
    expect(users.Search).toHaveBeenCalledWith('demo', expect.objectContaining({ search: 'bob', max: 5 }));
  });
});
