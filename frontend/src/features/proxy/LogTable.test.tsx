import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { LogRecord } from './api';
import { LogTable } from './LogTable';

vi.mock('wails/go/app/ProxyService', () => ({}));

function rec(id: string, path: string, decision: string, route: string, subject = ''): LogRecord {
  return {
    time: '2026-01-01T10:00:00Z',
    request_id: id,
    method: 'GET',
    path,
    route,
    mode: 'required',
    decision,
    status: decision === 'allowed' ? 200 : 401,
    latency_ms: 1.5,
    subject,
    reason: '',
  } as LogRecord;
}

describe('LogTable', () => {
  const records = [
    rec('1', '/api/me', 'unauthorized', 'me'),
    rec('2', '/api/me/x', 'allowed', 'me', 'alice-sub'),
    rec('3', '/api/feed', 'anonymous', 'feed'),
  ];

  it('shows the newest request first', () => {
    renderWithProviders(<LogTable records={records} />);
    const rows = within(screen.getByRole('table', { name: 'Request log' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[2].textContent)).toEqual([
      '/api/feed',
      '/api/me/x',
      '/api/me',
    ]);
  });

  it('filters by subject', async () => {
    renderWithProviders(<LogTable records={records} />);
    await userEvent.type(screen.getByLabelText('Filter by subject'), 'alice');
    const table = screen.getByRole('table', { name: 'Request log' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('/api/me/x')).toBeInTheDocument();
    expect(screen.getByText('1 of 3 requests')).toBeInTheDocument();
  });
});
