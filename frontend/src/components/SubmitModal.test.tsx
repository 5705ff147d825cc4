import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { SubmitModal } from './SubmitModal';

// antd's spinner icon can linger in the accessible name, so match the label's end.
const addButton = () => screen.getByRole('button', { name: /Add$/ });

describe('SubmitModal', () => {
  it('keeps OK disabled until something is chosen', () => {
    renderWithProviders(
      <SubmitModal open title="Add things" okText="Add" canSubmit={false} onSubmit={vi.fn()} onClose={vi.fn()}>
        body
      </SubmitModal>,
    );
    expect(addButton()).toBeDisabled();
  });

  it('shows a failed submit in the dialog, which stays open, and clears it on the next try', async () => {
    const onSubmit = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('Keycloak said no'))
      .mockResolvedValueOnce(undefined);
    const onClose = vi.fn();
    renderWithProviders(
      <SubmitModal open title="Add things" okText="Add" canSubmit onSubmit={onSubmit} onClose={onClose}>
        body
      </SubmitModal>,
    );

    await userEvent.click(addButton());
    expect(await screen.findByText(/Keycloak said no/)).toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Add things' })).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();

    await userEvent.click(addButton());
    await waitFor(() => expect(screen.queryByText(/Keycloak said no/)).not.toBeInTheDocument());
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });
});
