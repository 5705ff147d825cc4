import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { stubProfiles } from '@/test/wailsjs-stub/go/app/ProfileService';
import { stubProxy } from '@/test/wailsjs-stub/go/app/ProxyService';
import { EventsEmit } from '@/test/wailsjs-stub/runtime/runtime';
import { renderWithProviders } from '@/test/render';
import { resetActiveProfileForTests } from './activeProfile';
import { ActiveProfileSwitcher } from './ActiveProfileSwitcher';
import { ProfileBanner, ProfileKeyed } from './ProfileBanner';

const local = { id: 1, name: 'Local', kind: 'local', color: '#52c41a', readOnly: false, updatedAt: 'a' };
const prod = { id: 2, name: 'Prod', kind: 'prod', color: '#f5222d', readOnly: true, updatedAt: 'b' };

let mounts = 0;
function Page() {
  mounts++;
  return <div>page</div>;
}

function renderHeader() {
  return renderWithProviders(
    <MemoryRouter>
      <ProfileBanner />
      <ActiveProfileSwitcher />
      <ProfileKeyed>
        <Page />
      </ProfileKeyed>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  resetActiveProfileForTests();
  stubProfiles.reset();
  stubProxy.reset();
  mounts = 0;
});

describe('ActiveProfileSwitcher', () => {
  it('says there is no profile when none is active', async () => {
    renderHeader();
    expect(await screen.findByText('No profile')).toBeInTheDocument();
  });

  it('shows the active profile and switches from the dropdown, remounting pages', async () => {
    stubProfiles.seed([local, prod], 1);
    renderHeader();
    const button = await screen.findByRole('button', { name: /Active profile: Local/ });
    expect(screen.queryByTestId('prod-banner')).not.toBeInTheDocument();
    const mountsBefore = mounts;

    await userEvent.click(button);
    await userEvent.click(await screen.findByText('Prod'));

    expect(await screen.findByRole('button', { name: /Active profile: Prod/ })).toBeInTheDocument();
    const banner = screen.getByRole('note', { name: 'Production profile' });
    expect(within(banner).getByText(/PRODUCTION/)).toBeInTheDocument();
    expect(mounts).toBeGreaterThan(mountsBefore);
  });

  it('asks before a switch stops the running proxy, and stays put when told to', async () => {
    stubProfiles.seed([local, prod], 1);
    stubProxy.running('Local', '127.0.0.1:8080');
    renderHeader();
    await userEvent.click(await screen.findByRole('button', { name: /Active profile: Local/ }));
    await userEvent.click(await screen.findByText('Prod'));

    const ask = await screen.findByRole('dialog');
    expect(ask).toHaveTextContent('The proxy is running on 127.0.0.1:8080 with the routes of Local');
    await userEvent.click(within(ask).getByRole('button', { name: 'Stay on Local' }));
    expect(screen.getByRole('button', { name: /Active profile: Local/ })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Active profile: Local/ }));
    await userEvent.click(await screen.findByText('Prod'));
    // The first dialog may still be closing: take the newest.
    const again = (await screen.findAllByRole('dialog')).at(-1)!;
    await userEvent.click(within(again).getByRole('button', { name: 'Stop the proxy and switch' }));
    expect(await screen.findByRole('button', { name: /Active profile: Prod/ })).toBeInTheDocument();
    expect(await screen.findByText(/The proxy on 127.0.0.1:8080 was stopped/)).toBeInTheDocument();
  });

  it('follows profile:switched from the Go side, including to no profile', async () => {
    stubProfiles.seed([local, prod], 1);
    renderHeader();
    await screen.findByRole('button', { name: /Active profile: Local/ });
    act(() => EventsEmit('profile:switched', prod));
    expect(await screen.findByRole('button', { name: /Active profile: Prod/ })).toBeInTheDocument();
    act(() => EventsEmit('profile:switched', null));
    expect(await screen.findByText('No profile')).toBeInTheDocument();
    expect(screen.queryByTestId('prod-banner')).not.toBeInTheDocument();
  });
});
