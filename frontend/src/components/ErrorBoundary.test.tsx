import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '@/app/AppProviders';
import { renderWithProviders } from '@/test/render';
import { ErrorBoundary } from './ErrorBoundary';

let broken = true;

function Fragile() {
  if (broken) throw new TypeError("Cannot read properties of null (reading 'length')");
  return <p>Role holders</p>;
}

describe('ErrorBoundary', () => {
  afterEach(() => {
    broken = true;
    vi.restoreAllMocks();
  });

  it('shows a failing panel as a readable error, keeps the rest of the screen, and retries', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error too
    renderWithProviders(
      <>
        <h1>Tester</h1>
        <ErrorBoundary label="Who can reach">
          <Fragile />
        </ErrorBoundary>
      </>,
    );

    expect(screen.getByRole('heading', { name: 'Tester' })).toBeInTheDocument();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The Who can reach panel failed to show');
    expect(alert).toHaveTextContent("Cannot read properties of null (reading 'length')");

    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByText('Role holders')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('starts over when its reset keys change', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { rerender } = renderWithProviders(
      <ErrorBoundary label="Who can reach" resetKeys={['a']}>
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert')).toBeInTheDocument();
    broken = false;
    rerender(
      <AppProviders>
        <ErrorBoundary label="Who can reach" resetKeys={['b']}>
          <Fragile />
        </ErrorBoundary>
      </AppProviders>,
    );
    expect(screen.getByText('Role holders')).toBeInTheDocument();
  });
});
