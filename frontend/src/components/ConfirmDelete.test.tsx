import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { deferred } from '@/test/deferred';
import { renderWithProviders } from '@/test/render';
import { ConfirmDelete } from './ConfirmDelete';

// After a failed attempt antd's spinner icon stays in the DOM while it animates
// out (jsdom never ends the animation), so match the label, not the whole name.
function deleteButton() {
  return screen.getByRole('button', { name: /Delete$/ });
}

describe('ConfirmDelete', () => {
  it('enables Delete only once the exact name is typed, then deletes and closes', async () => {
    const onConfirm = vi.fn(async () => {});
    const onClose = vi.fn();
    renderWithProviders(<ConfirmDelete open kind="user" name="alice" onConfirm={onConfirm} onClose={onClose} />);

    expect(screen.getByRole('dialog', { name: 'Delete user “alice”?' })).toBeInTheDocument();
    const input = screen.getByRole('textbox', { name: 'Type alice to confirm' });
    expect(deleteButton()).toBeDisabled();

    await userEvent.type(input, 'alic');
    expect(deleteButton()).toBeDisabled();
    await userEvent.type(input, 'e ');
    expect(deleteButton()).toBeDisabled(); // trailing space: not the name
    await userEvent.type(input, '{Backspace}');
    expect(deleteButton()).toBeEnabled();

    await userEvent.click(deleteButton());
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });

  it('does not delete on Enter before the name matches', async () => {
    const onConfirm = vi.fn();
    renderWithProviders(<ConfirmDelete open kind="realm" name="demo" onConfirm={onConfirm} onClose={() => {}} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Type demo to confirm' }), 'Demo{Enter}');
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('keeps the dialog open and shows the error when the deletion fails', async () => {
    const onClose = vi.fn();
    const onConfirm = vi.fn(async () => {
      throw '{"code":"read_only","message":"Profile prod is read-only"}';
    });
    renderWithProviders(
      <ConfirmDelete open kind="user" name="bob" success="User bob deleted" onConfirm={onConfirm} onClose={onClose} />,
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Type bob to confirm' }), 'bob');
    await userEvent.click(deleteButton());

    expect(await screen.findByRole('alert')).toHaveTextContent('Profile prod is read-only.');
    expect(onClose).not.toHaveBeenCalled();
    expect(deleteButton()).toBeEnabled();
    expect(screen.queryByText('User bob deleted')).not.toBeInTheDocument();
  });

  it('toasts its success message once the deletion is done', async () => {
    const onClose = vi.fn();
    renderWithProviders(
      <ConfirmDelete
        open
        kind="client"
        name="web"
        success="Client web deleted"
        onConfirm={async () => {}}
        onClose={onClose}
      />,
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Type web to confirm' }), 'web');
    await userEvent.click(deleteButton());
    expect(await screen.findByText('Client web deleted')).toBeInTheDocument();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('cannot be cancelled while the deletion runs', async () => {
    const pending = deferred<void>();
    const onClose = vi.fn();
    renderWithProviders(
      <ConfirmDelete open kind="route" name="feed" onConfirm={() => pending.promise} onClose={onClose} />,
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Type feed to confirm' }), 'feed');
    await userEvent.click(deleteButton());
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();

    pending.resolve();
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });
});
