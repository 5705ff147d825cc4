import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import { DialogButton, type DialogProps } from './DialogButton';

// A bare dialog: what the button passes shows directly, with no modal animation in between.
function AddDialog({ open, onClose, onDone }: DialogProps) {
  if (!open) return null;
  return (
    <div role="dialog" aria-label="Add thing">
      <button onClick={onDone}>Confirm</button>
      <button onClick={onClose}>Cancel</button>
    </div>
  );
}

function renderButton(readOnly = false) {
  activateProfile({ readOnly });
  const done = vi.fn();
  renderWithProviders(
    <DialogButton onDone={done} dialog={(d) => <AddDialog {...d} />}>
      Add
    </DialogButton>,
  );
  return done;
}

describe('DialogButton', () => {
  it('opens its dialog; done closes it and runs onDone', async () => {
    const done = renderButton();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(done).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('closes without onDone when the dialog is cancelled', async () => {
    const done = renderButton();
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByRole('dialog', { name: 'Add thing' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(done).not.toHaveBeenCalled();
  });

  it('is disabled on a read-only profile, like every WriteButton', () => {
    renderButton(true);
    expect(screen.getByRole('button', { name: 'Add' })).toBeDisabled();
  });
});
