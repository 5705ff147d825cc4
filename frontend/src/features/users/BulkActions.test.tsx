import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EventsEmit } from 'wails/runtime/runtime';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import type { User } from './api';
import { BulkActions } from './BulkActions';

const users = vi.hoisted(() => ({ Bulk: vi.fn(), CancelBulk: vi.fn(), FindGroups: vi.fn() }));
vi.mock('wails/go/app/UserService', () => users);
vi.mock('wails/go/app/UserImportService', () => ({}));
vi.mock('wails/go/models', () => ({
  keycloak: { BulkRequest: { createFrom: (r: object) => r } },
  app: {},
  userimport: {},
}));

const selected = ['ann', 'ben', 'cyd'].map((u, i) => ({ id: `id-${i}`, username: u }) as User);

function report(statuses: string[]) {
  const results = statuses.map((status, i) => ({
    id: `id-${i}`,
    status,
    message: status === 'failed' ? 'User not found' : '',
  }));
  const count = (s: string) => statuses.filter((x) => x === s).length;
  return {
    results,
    ok: count('ok'),
    failed: count('failed'),
    notRun: count('not-run'),
    cancelled: count('not-run') > 0,
  };
}

describe('BulkActions', () => {
  beforeEach(() => {
    activateProfile();
    users.Bulk.mockReset();
    users.CancelBulk.mockReset().mockResolvedValue(undefined);
  });

  it('disables every selected user and lists the result of each', async () => {
    users.Bulk.mockResolvedValue(report(['ok', 'failed', 'ok']));
    const onDone = vi.fn();
    renderWithProviders(<BulkActions realm="demo" selected={selected} onDone={onDone} />);
    expect(screen.getByText('3 users selected')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Disable' }));

    expect(users.Bulk).toHaveBeenCalledTimes(1);
    expect(users.Bulk).toHaveBeenCalledWith(
      expect.anything(),
      'demo',
      ['id-0', 'id-1', 'id-2'],
      expect.objectContaining({ action: 'disable' }),
    );
    const results = await screen.findByRole('table', { name: 'Bulk action results' });
    const rows = within(results).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['ann', 'ben', 'cyd']);
    expect(within(rows[1]).getByText('failed')).toBeInTheDocument();
    expect(within(rows[1]).getByText('User not found')).toBeInTheDocument();
    expect(onDone).toHaveBeenCalled();
  });

  it('deletes only once the number of users is typed', async () => {
    users.Bulk.mockResolvedValue(report(['ok', 'ok', 'ok']));
    renderWithProviders(<BulkActions realm="demo" selected={selected} onDone={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByRole('textbox'), '2');
    expect(confirm).toBeDisabled();
    await userEvent.clear(within(dialog).getByRole('textbox'));
    await userEvent.type(within(dialog).getByRole('textbox'), '3');
    expect(users.Bulk).not.toHaveBeenCalled();
    await userEvent.click(confirm);
    expect(users.Bulk).toHaveBeenCalledTimes(1);
    expect(users.Bulk.mock.calls[0][3]).toHaveProperty('action', 'delete');
  });

  it('shows progress while running and cancels the running action', async () => {
    let finish: (r: unknown) => void = () => {};
    users.Bulk.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    renderWithProviders(<BulkActions realm="demo" selected={selected} onDone={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Enable' }));
    const opId = users.Bulk.mock.calls[0][0] as string;

    act(() => EventsEmit('op:progress', { opId, kind: 'user-bulk', done: 1, total: 3, failed: 0 }));
    // Another run's progress is not this one's.
    act(() => EventsEmit('op:progress', { opId: 'other', kind: 'user-bulk', done: 3, total: 3, failed: 0 }));
    const status = screen.getByRole('status', { name: 'Bulk action progress' });
    expect(status).toHaveTextContent('1 of 3');

    await userEvent.click(within(status).getByRole('button', { name: /Cancel/ }));
    expect(users.CancelBulk).toHaveBeenCalledWith(opId);
    await act(async () => finish(report(['ok', 'not-run', 'not-run'])));
    expect(await screen.findByText(/Cancelled: users marked/)).toBeInTheDocument();
  });

  it('offers nothing to a read-only profile', () => {
    activateProfile({ readOnly: true });
    renderWithProviders(<BulkActions realm="demo" selected={selected} onDone={() => {}} />);
    for (const name of ['Enable', 'Disable', 'Add to group', 'Sign out', 'Delete']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
  });
});
