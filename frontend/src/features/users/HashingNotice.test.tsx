import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { HashingEstimate } from './api';
import { HashingNotice, roughDuration } from './HashingNotice';

vi.mock('wails/go/app/UserService', () => ({}));
vi.mock('wails/go/app/UserImportService', () => ({}));
vi.mock('wails/go/models', () => ({ app: {}, keycloak: {}, userimport: {} }));

function estimate(e: Partial<HashingEstimate>): HashingEstimate {
  return {
    algorithm: 'argon2',
    iterations: 5,
    fromPolicy: false,
    passwords: 1000,
    perPasswordMs: 24,
    seconds: 12,
    expensive: false,
    ...e,
  };
}

describe('HashingNotice', () => {
  it('warns of an expensive policy and says how long the import will take, as a rough estimate', () => {
    renderWithProviders(
      <HashingNotice
        hashing={estimate({
          algorithm: 'pbkdf2-sha512',
          iterations: 210000,
          fromPolicy: true,
          perPasswordMs: 310,
          seconds: 155,
          expensive: true,
        })}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Expensive password hashing: this import will take about 2 min 35 s.');
    expect(alert).toHaveTextContent('PBKDF2-SHA512, 210,000 iterations');
    expect(alert).toHaveTextContent('Rough estimate: 310 ms × 1,000 rows ÷ 2 cores.');
    expect(alert.className).toContain('warning');
  });

  it('only informs for Keycloak’s default Argon2id', () => {
    renderWithProviders(<HashingNotice hashing={estimate({})} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Hashing the 1,000 passwords will take about 12 s');
    expect(alert).toHaveTextContent('Argon2id (Keycloak’s default), 5 iterations');
    expect(alert.className).not.toContain('warning');
  });

  it('says so when the algorithm’s cost is unknown', () => {
    renderWithProviders(<HashingNotice hashing={estimate({ algorithm: 'bcrypt', perPasswordMs: 0, seconds: 0 })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Tandem cannot estimate');
  });

  it('rounds durations the way people read them', () => {
    expect(roughDuration(0.2)).toBe('about 1 s');
    expect(roughDuration(60)).toBe('about 1 min');
    expect(roughDuration(3 * 3600 + 300)).toBe('about 3 h 5 min');
  });
});
