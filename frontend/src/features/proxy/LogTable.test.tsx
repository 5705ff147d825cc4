import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { LogRecord } from './api';
import { LogTable } from './LogTable';

const proxy = vi.hoisted(() => ({ Trace: vi.fn() }));
vi.mock('wails/go/app/ProxyService', () => proxy);

function rec(id: string, path: string, decision: string, route: string, subject = '', user = ''): LogRecord {
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
    user,
    reason: '',
    via: subject ? 'bearer' : 'none',
    client: '127.0.0.1',
  };
}

const table = () => screen.getByRole('table', { name: 'Request log' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);

describe('LogTable', () => {
  const records = [
    rec('1', '/api/me', 'unauthorized', 'me'),
    rec('2', '/api/me/x', 'allowed', 'me', '5078852d-1680-4852-a652-689889c07758', 'alice'),
    rec('3', '/api/feed', 'anonymous', 'feed'),
    rec('4', '/api/admin', 'forbidden', 'admin', '060cec51-5b5f-4e2e-ade4-b323ebf092ab', 'bob'),
  ];

  beforeEach(() => {
    proxy.Trace.mockReset();
    proxy.Trace.mockResolvedValue({
      kept: false,
      steps: [],
      stripped: [],
      injected: {},
      routeMatch: '',
      upstreamUrl: '',
    });
  });

  it('shows the newest request first', () => {
    renderWithProviders(<LogTable records={records} />);
    expect(bodyRows().map((r) => within(r).getAllByRole('cell')[2].textContent)).toEqual([
      '/api/admin',
      '/api/feed',
      '/api/me/x',
      '/api/me',
    ]);
  });

  it('names callers by username, with the subject on hover', async () => {
    renderWithProviders(<LogTable records={records} />);
    const alice = within(table()).getByText('alice');
    expect(within(table()).queryByText('5078852d-1680-4852-a652-689889c07758')).not.toBeInTheDocument();
    await userEvent.hover(alice);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('sub 5078852d-1680-4852-a652-689889c07758');
  });

  it('finds a user’s requests by username and by subject', async () => {
    renderWithProviders(<LogTable records={records} />);
    const filter = screen.getByLabelText('Filter by user or subject');
    await userEvent.type(filter, 'bob');
    expect(bodyRows()).toHaveLength(1);
    expect(within(table()).getByText('/api/admin')).toBeInTheDocument();
    expect(screen.getByText('1 of 4 requests')).toBeInTheDocument();

    await userEvent.clear(filter);
    await userEvent.type(filter, '5078852d');
    expect(bodyRows()).toHaveLength(1);
    expect(within(table()).getByText('/api/me/x')).toBeInTheDocument();
  });

  it('says no request matches when the filter leaves none, and no requests yet when there are none', async () => {
    const { unmount } = renderWithProviders(<LogTable records={records} />);
    await userEvent.type(screen.getByLabelText('Filter by user or subject'), 'nobody');
    expect(within(table()).getByText('No request matches')).toBeInTheDocument();
    expect(within(table()).queryByText('No requests yet')).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<LogTable records={[]} />);
    expect(within(table()).getByText('No requests yet')).toBeInTheDocument();
  });

  it('opens a row into its full record, with the headers when the proxy kept a trace', async () => {
    proxy.Trace.mockResolvedValue({
      kept: true,
      steps: [],
      stripped: ['X-User-Id'],
      injected: { 'X-User-Name': 'bob' },
      routeMatch: '',
      upstreamUrl: 'http://127.0.0.1:9090/api/admin',
    });
    renderWithProviders(<LogTable records={records} />);
    await userEvent.click(within(table()).getByText('/api/admin'));
    const details = await screen.findByRole('dialog');
    expect(proxy.Trace).toHaveBeenCalledWith('4');
    for (const text of [
      'forbidden',
      'admin',
      'bob',
      '060cec51-5b5f-4e2e-ade4-b323ebf092ab',
      'bearer',
      '127.0.0.1',
      '401',
    ]) {
      expect(within(details).getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(await within(details).findByText('X-User-Id')).toBeInTheDocument();
    expect(within(details).getByText('X-User-Name: bob')).toBeInTheDocument();
  });

  it('shows the full reason and says when no headers were kept', async () => {
    const reason = 'token expired; session cookie dropped: ' + 'x'.repeat(200);
    const long: LogRecord = { ...rec('5', '/api/x', 'unauthorized', 'x'), reason };
    renderWithProviders(<LogTable records={[long]} />);
    await userEvent.click(within(table()).getByText('/api/x'));
    const details = await screen.findByRole('dialog');
    expect(within(details).getByText(reason)).toBeInTheDocument();
    await waitFor(() => expect(within(details).getByText(/No headers kept for this request/)).toBeInTheDocument());
  });
});
