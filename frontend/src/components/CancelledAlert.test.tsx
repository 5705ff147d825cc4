import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { CancelledAlert } from './CancelledAlert';

describe('CancelledAlert', () => {
  it('warns what a cancelled job left alone, and says nothing about one that ran to its end', () => {
    const { rerender } = renderWithProviders(
      <CancelledAlert cancelled={false}>Rows not run were not touched.</CancelledAlert>,
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    rerender(<CancelledAlert cancelled>Rows not run were not touched.</CancelledAlert>);
    expect(screen.getByRole('alert')).toHaveTextContent('Rows not run were not touched.');
  });
});
