import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { FileButton } from './FileButton';

describe('FileButton', () => {
  it('hands over the chosen file, and the same file again when chosen again', async () => {
    const onFile = vi.fn();
    renderWithProviders(
      <FileButton label="CSV file" accept=".csv" onFile={onFile}>
        Choose CSV file
      </FileButton>,
    );
    expect(screen.getByRole('button', { name: /Choose CSV file/ })).toBeEnabled();
    const file = new File(['username\nann\n'], 'users.csv', { type: 'text/csv' });
    const input = screen.getByLabelText('CSV file');
    await userEvent.upload(input, file);
    await userEvent.upload(input, file);
    expect(onFile).toHaveBeenCalledTimes(2);
    expect(onFile).toHaveBeenLastCalledWith(file);
  });
});
