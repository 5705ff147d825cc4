import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { PickModal } from './PickModal';

const options = [
  { value: 'u1', label: 'ann' },
  { value: 'u2', label: 'ben' },
];

describe('PickModal', () => {
  it('submits the picked values only once something is picked, and searches as the user types', async () => {
    const onSubmit = vi.fn(async (_ids: string[]) => undefined);
    const onSearch = vi.fn();
    renderWithProviders(
      <PickModal
        open
        title="Add members"
        okText="Add"
        label="Users to add"
        placeholder="Search users"
        options={options}
        loading={false}
        onSearch={onSearch}
        onSubmit={onSubmit}
        onClose={vi.fn()}
      />,
    );
    const dialog = within(screen.getByRole('dialog', { name: 'Add members' }));
    expect(dialog.getByRole('button', { name: /Add$/ })).toBeDisabled();
    const combo = dialog.getByRole('combobox', { name: 'Users to add' });
    await userEvent.type(combo, 'b');
    expect(onSearch).toHaveBeenLastCalledWith('b');
    await userEvent.click(await screen.findByTitle('ben'));
    await userEvent.click(dialog.getByRole('button', { name: /Add$/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(['u2']));
  });
});
