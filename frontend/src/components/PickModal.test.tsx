import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { PickModal } from './PickModal';

const people = [
  { id: 'u1', name: 'ann' },
  { id: 'u2', name: 'ben' },
];
type Person = (typeof people)[number];

// The server's search: the people whose name holds the text.
const findPeople = (search: string) => Promise.resolve(people.filter((p) => p.name.includes(search)));

function renderPicker(find: (search: string) => Promise<Person[]>) {
  const onSubmit = vi.fn(async (_picked: Person[]) => undefined);
  renderWithProviders(
    <PickModal<Person>
      open
      title="Add members"
      okText="Add"
      label="Users to add"
      placeholder="Search users"
      find={find}
      option={(p) => ({ value: p.id, label: p.name })}
      onSubmit={onSubmit}
      onClose={vi.fn()}
    />,
  );
  const dialog = within(screen.getByRole('dialog', { name: 'Add members' }));
  return { dialog, onSubmit };
}

describe('PickModal', () => {
  it('submits the picked things only once something is picked, and searches as the user types', async () => {
    const find = vi.fn(findPeople);
    const { dialog, onSubmit } = renderPicker(find);
    expect(dialog.getByRole('button', { name: /Add$/ })).toBeDisabled();
    await waitFor(() => expect(find).toHaveBeenCalledWith(''));
    await userEvent.type(dialog.getByRole('combobox', { name: 'Users to add' }), 'b');
    await waitFor(() => expect(find).toHaveBeenLastCalledWith('b'));
    await userEvent.click(await screen.findByTitle('ben'));
    await userEvent.click(dialog.getByRole('button', { name: /Add$/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith([people[1]]));
  });

  it('keeps a pick made before the search changed, though the new search no longer finds it', async () => {
    const { dialog, onSubmit } = renderPicker(findPeople);
    const combo = dialog.getByRole('combobox', { name: 'Users to add' });
    await userEvent.type(combo, 'a');
    await userEvent.click(await screen.findByTitle('ann'));
    await userEvent.type(combo, 'b');
    await userEvent.click(await screen.findByTitle('ben'));
    await userEvent.click(dialog.getByRole('button', { name: /Add$/ }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(people));
  });

  it('shows a failed search in the dialog', async () => {
    const { dialog } = renderPicker(() =>
      Promise.reject(JSON.stringify({ code: 'internal', message: 'Keycloak is down' })),
    );
    expect(await dialog.findByText(/Keycloak is down/)).toBeInTheDocument();
  });
});
