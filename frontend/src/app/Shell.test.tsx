import { AppstoreOutlined, BugOutlined } from '@ant-design/icons';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, useParams } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/test/renderApp';
import { defineFeature, lazyPage } from './feature';
import { features } from './features';

const about = vi.hoisted(() => vi.fn());
vi.mock('wails/go/app/SystemService', () => ({ About: about }));
// The command palette, part of the shell, reads routes and users only when opened.
vi.mock('wails/go/app/RouteService', () => ({}));
vi.mock('wails/go/app/UserService', () => ({}));
vi.mock('wails/go/app/UserImportService', () => ({}));
vi.mock('wails/go/models', () => ({ app: {}, keycloak: {}, userimport: {}, routes: {} }));

// The shell is tested with its own small features, so these tests do not
// depend on (or call the bindings of) the real screens.
function AlphaList() {
  return (
    <>
      <h1>Alpha list</h1>
      <Link to="/alpha/item-7/settings">Open item 7</Link>
    </>
  );
}
function AlphaDetail() {
  const { id, tab } = useParams();
  return <h1>{`Alpha ${id} ${tab}`}</h1>;
}
const testFeatures = [
  defineFeature({ key: 'alpha', label: 'Alpha', icon: AppstoreOutlined }, [
    { path: '/alpha', Component: AlphaList },
    { path: '/alpha/:id/:tab', Component: AlphaDetail },
  ]),
  defineFeature({ key: 'beta', label: 'Beta', icon: BugOutlined }, [
    {
      path: '/beta',
      Component: lazyPage(
        async () => ({ BetaPage: () => <h1>Beta page</h1> }),
        (m) => m.BetaPage,
      ),
    },
  ]),
];

beforeEach(() => {
  about.mockReset();
});

describe('the screens of the console', () => {
  it('are the screens, in menu order', () => {
    expect(features.map((f) => f.label)).toEqual([
      'Profiles',
      'Realms',
      'Users',
      'Groups',
      'Roles',
      'Clients',
      'Identity providers',
      'Events',
      'Routes',
      'Proxy',
      'Tester',
      'Compare',
      'From Ory',
    ]);
    expect(new Set(features.map((f) => f.key)).size).toBe(features.length);
  });

  it('each appear in the menu under their exact name', () => {
    renderApp('/no-such-page');
    const menu = within(screen.getByRole('navigation', { name: 'Screens' }));
    for (const f of features) {
      expect(menu.getByRole('menuitem', { name: f.label })).toBeInTheDocument();
    }
  });
});

describe('console shell', () => {
  it('opens the first screen at the root and each screen from the menu, lazy pages included', async () => {
    renderApp('/', testFeatures);
    expect(await screen.findByRole('heading', { name: 'Alpha list' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('menuitem', { name: 'Beta' }));
    expect(await screen.findByRole('heading', { name: 'Beta page' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Beta' })).toHaveClass('ant-menu-item-selected');
  });

  it("renders a feature's detail route and keeps its menu item highlighted", async () => {
    renderApp('/alpha', testFeatures);
    await userEvent.click(await screen.findByRole('link', { name: 'Open item 7' }));
    expect(await screen.findByRole('heading', { name: 'Alpha item-7 settings' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Alpha' })).toHaveClass('ant-menu-item-selected');
    expect(screen.getByRole('menuitem', { name: 'Beta' })).not.toHaveClass('ant-menu-item-selected');
  });

  it('has one main landmark, holding the page', async () => {
    renderApp('/alpha', testFeatures);
    await screen.findByRole('heading', { name: 'Alpha list' });
    const main = screen.getAllByRole('main');
    expect(main).toHaveLength(1);
    expect(within(main[0]).getByRole('heading', { name: 'Alpha list' })).toBeInTheDocument();
  });

  it('shows the profile slot in the header', async () => {
    renderApp('/alpha', testFeatures);
    expect(await within(screen.getByRole('banner')).findByText('No profile')).toBeInTheDocument();
  });

  it('toggles the theme and remembers the choice', async () => {
    renderApp('/alpha', testFeatures);
    await userEvent.click(screen.getByRole('button', { name: 'Switch to dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem('tandem.theme')).toBe('"dark"');
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument();
  });

  it('starts in the remembered theme', () => {
    window.localStorage.setItem('tandem.theme', '"dark"');
    renderApp('/alpha', testFeatures);
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('collapses the menu to icons and remembers it', async () => {
    renderApp('/alpha', testFeatures);
    await userEvent.click(screen.getByRole('button', { name: 'Collapse menu' }));
    expect(screen.getByRole('button', { name: 'Expand menu' })).toBeInTheDocument();
    expect(window.localStorage.getItem('tandem.sider.collapsed')).toBe('true');
  });

  it('shows the build facts from SystemService.About in the About panel', async () => {
    about.mockResolvedValue({
      name: 'Tandem',
      version: '0.1.0',
      goVersion: 'go1.26.8',
      platform: 'linux/amd64',
      dataDir: '/home/op/.config/tandem',
    });
    renderApp('/alpha', testFeatures);
    await userEvent.click(screen.getByRole('button', { name: 'About' }));

    const dialog = await screen.findByRole('dialog', { name: 'About Tandem' });
    await within(dialog).findByText('go1.26.8');
    for (const text of ['Tandem', '0.1.0', 'linux/amd64', '/home/op/.config/tandem']) {
      expect(within(dialog).getByText(text)).toBeInTheDocument();
    }
    expect(about).toHaveBeenCalledTimes(1);
  });

  it('explains a failing About call instead of showing nothing', async () => {
    about.mockRejectedValue('{"code":"internal","message":"data dir unknown"}');
    renderApp('/alpha', testFeatures);
    await userEvent.click(screen.getByRole('button', { name: 'About' }));
    const dialog = await screen.findByRole('dialog', { name: 'About Tandem' });
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Data dir unknown.'));
  });

  it('shows a not-found page for an unknown route, inside the shell', async () => {
    renderApp('/nowhere', testFeatures);
    expect(await screen.findByText('Page not found')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Screens' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Go to Alpha' }));
    expect(await screen.findByRole('heading', { name: 'Alpha list' })).toBeInTheDocument();
  });
});
