import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import { DataTable } from './DataTable';
import { RemoveButton, removeColumn } from './RemoveButton';

interface Item {
  id: string;
  name: string;
}

const items: Item[] = [
  { id: '1', name: 'alpha' },
  { id: '2', name: 'beta' },
];

describe('RemoveButton', () => {
  beforeEach(() => {
    activateProfile();
  });

  it('asks first, then removes the row it stands on and reports it done', async () => {
    const action = vi.fn(async (_id: string) => undefined);
    const onDone = vi.fn();
    renderWithProviders(
      <DataTable<Item>
        rows={items}
        rowKey="id"
        columns={[
          { title: 'Name', dataIndex: 'name' },
          removeColumn((it) => ({
            label: `Remove ${it.name}`,
            confirm: `Remove “${it.name}”?`,
            okText: 'Remove',
            success: 'Removed',
            action: () => action(it.id),
            onDone,
          })),
        ]}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Remove beta' }));
    expect(action).not.toHaveBeenCalled();
    expect(await screen.findByText('Remove “beta”?')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(action).toHaveBeenCalledWith('2');
  });

  it('acts at once without a question, and a failure leaves onDone uncalled', async () => {
    const action = vi.fn(async () => {
      throw new Error('gone already');
    });
    const onDone = vi.fn();
    renderWithProviders(
      <RemoveButton label="Leave group /staff" text="Leave" success="Left" action={action} onDone={onDone} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Leave group /staff' }));
    await waitFor(() => expect(action).toHaveBeenCalledTimes(1));
    expect(await screen.findByText(/gone already/i)).toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('is disabled on a read-only profile', () => {
    activateProfile({ readOnly: true });
    renderWithProviders(<RemoveButton label="Delete key" confirm="Delete?" success="Deleted" action={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Delete key' })).toBeDisabled();
  });
});
