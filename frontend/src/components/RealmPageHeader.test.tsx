import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { RealmSummary } from '@/features/realms/api';
import { AppError, ErrorCode } from '@/lib/errors';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import { RealmPageHeader, type RealmPageHeaderProps } from './RealmPageHeader';

const realms = [{ name: 'demo' }, { name: 'other' }] as RealmSummary[];

function Address() {
  const { search } = useLocation();
  return <output aria-label="address">{search}</output>;
}

function renderHeader(active: Partial<RealmPageHeaderProps['active']>, props: Partial<RealmPageHeaderProps> = {}) {
  const create = { label: 'Create thing', onClick: vi.fn() };
  const reload = vi.fn();
  renderWithProviders(
    <MemoryRouter initialEntries={['/things?realm=demo&thing=7']}>
      <RealmPageHeader
        title="Things"
        active={{ realms, realm: 'demo', loading: false, error: undefined, reload, ...active }}
        create={create}
        {...props}
      />
      <Address />
    </MemoryRouter>,
  );
  return { create, reload };
}

describe('RealmPageHeader', () => {
  it('creates in the chosen realm of a writable profile', async () => {
    activateProfile();
    const { create } = renderHeader({});
    await userEvent.click(screen.getByRole('button', { name: /Create thing/ }));
    expect(create.onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { level: 1, name: 'Things' })).toBeInTheDocument();
  });

  it.each([
    ['no realm is chosen', { realm: undefined }, false, {}],
    ['the profile is read-only', {}, true, {}],
    ['the screen says so', {}, false, { create: { label: 'Create thing', onClick: vi.fn(), disabled: true } }],
  ])('disables Create when %s', (_, active, readOnly, props) => {
    activateProfile({ readOnly });
    renderHeader(active, props);
    expect(screen.getByRole('button', { name: /Create thing/ })).toBeDisabled();
  });

  it('shows the realm load error with Retry, and the read-only banner', async () => {
    activateProfile({ readOnly: true });
    const { reload } = renderHeader({ error: new AppError(ErrorCode.Internal, 'realms failed') });
    expect(await screen.findByText(/read-only/)).toBeInTheDocument();
    expect(screen.getByText('Realms failed.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('puts the screen’s buttons and Reload between the picker and Create', async () => {
    activateProfile();
    const onReload = vi.fn();
    renderHeader({}, { actions: <button type="button">Import</button>, onReload });
    const names = screen.getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['Import', 'Reload', 'Create thing']);
    await userEvent.click(screen.getByRole('button', { name: /Reload/ }));
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('starts the screen over in a picked realm', async () => {
    activateProfile();
    renderHeader({});
    await userEvent.click(screen.getByRole('combobox', { name: 'Realm' }));
    await userEvent.click(await screen.findByTitle('other'));
    expect(screen.getByLabelText('address')).toHaveTextContent(/^\?realm=other$/);
  });

  it('gives the picked realm to onRealm when the screen handles it', async () => {
    activateProfile();
    const onRealm = vi.fn();
    renderHeader({}, { onRealm });
    await userEvent.click(screen.getByRole('combobox', { name: 'Realm' }));
    await userEvent.click(await screen.findByTitle('other'));
    expect(onRealm).toHaveBeenCalledWith('other', expect.anything());
    expect(screen.getByLabelText('address')).toHaveTextContent('?realm=demo&thing=7');
  });
});
