import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/test/renderApp';

const about = vi.hoisted(() => vi.fn());
vi.mock('wails/go/app/SystemService', () => ({ About: about }));

const screens = ['Profiles', 'Realms', 'Users', 'Groups', 'Roles', 'Clients', 'Routes', 'Proxy', 'Tester'];

beforeEach(() => {
  about.mockReset();
});

describe('console shell', () => {
  it('lists every screen in the menu by its exact name', async () => {
    renderApp('/');
    const menu = within(screen.getByRole('navigation', { name: 'Screens' }));
    for (const name of screens) {
      expect(menu.getByRole('menuitem', { name })).toBeInTheDocument();
    }
  });

  it('opens the first screen at the root and each screen from the menu', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Profiles' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('menuitem', { name: 'Users' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Users' })).toHaveClass('ant-menu-item-selected');
  });

  it('shows the profile slot in the header', async () => {
    renderApp('/realms');
    expect(await within(screen.getByRole('banner')).findByText('No profile')).toBeInTheDocument();
  });

  it('toggles the theme and remembers the choice', async () => {
    renderApp('/proxy');
    await userEvent.click(screen.getByRole('button', { name: 'Switch to dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem('tandem.theme')).toBe('"dark"');
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument();
  });

  it('starts in the remembered theme', async () => {
    window.localStorage.setItem('tandem.theme', '"dark"');
    renderApp('/tester');
    expect(screen.getByRole('button', { name: 'Switch to light theme' })).toBeInTheDocument();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('shows the build facts from SystemService.About in the About panel', async () => {
    about.mockResolvedValue({
      name: 'Tandem',
      version: '0.1.0',
      goVersion: 'go1.26.8',
      platform: 'linux/amd64',
      dataDir: '/home/op/.config/tandem',
    });
    renderApp('/roles');
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
    renderApp('/clients');
    await userEvent.click(screen.getByRole('button', { name: 'About' }));
    const dialog = await screen.findByRole('dialog', { name: 'About Tandem' });
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Data dir unknown'));
  });

  it('collapses the menu to icons and remembers it', async () => {
    renderApp('/groups');
    await userEvent.click(screen.getByRole('button', { name: 'Collapse menu' }));
    expect(screen.getByRole('button', { name: 'Expand menu' })).toBeInTheDocument();
    expect(window.localStorage.getItem('tandem.sider.collapsed')).toBe('true');
  });

  it('shows a not-found page for an unknown route, inside the shell', async () => {
    renderApp('/nowhere');
    expect(await screen.findByText('Page not found')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Screens' })).toBeInTheDocument();
  });
});
