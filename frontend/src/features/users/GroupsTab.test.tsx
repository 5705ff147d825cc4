import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import { GroupsTab } from './GroupsTab';

const users = vi.hoisted(() => ({ Groups: vi.fn(), FindGroups: vi.fn(), JoinGroup: vi.fn(), LeaveGroup: vi.fn() }));
vi.mock('wails/go/app/UserService', () => users);
vi.mock('wails/go/app/UserImportService', () => ({}));
vi.mock('wails/go/models', () => ({ app: {}, keycloak: {}, userimport: {} }));

const staff = { id: 'g-staff', name: 'staff', path: '/staff' };
const ops = { id: 'g-ops', name: 'ops', path: '/staff/ops' };

describe('GroupsTab', () => {
  beforeEach(() => {
    activateProfile();
    users.Groups.mockReset().mockResolvedValue([staff]);
    users.FindGroups.mockReset().mockResolvedValue([staff, ops]);
    users.JoinGroup.mockReset().mockResolvedValue(undefined);
  });

  it('searches groups only once the dialog opens, offers the ones the user is not in, and joins the chosen one', async () => {
    renderWithProviders(<GroupsTab realm="demo" id="u1" />);
    expect(await screen.findByText('/staff')).toBeInTheDocument();
    expect(users.FindGroups).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: /Join group/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Join group' });
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Group to join' }), 'op');
    await waitFor(() => expect(users.FindGroups).toHaveBeenLastCalledWith('demo', 'op'));

    const member = await screen.findByRole('option', { name: '/staff' });
    expect(member).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(screen.getByTitle('/staff/ops'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(users.JoinGroup).toHaveBeenCalledWith('demo', 'u1', 'g-ops'));
    expect(users.Groups).toHaveBeenCalledTimes(2);
  });
});
