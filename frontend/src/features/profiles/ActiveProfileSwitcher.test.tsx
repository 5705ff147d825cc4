import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { stubProfiles } from '@/test/wailsjs-stub/go/app/ProfileService';
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
