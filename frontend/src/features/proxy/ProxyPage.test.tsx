import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ProxyPage } from './ProxyPage';

const api = vi.hoisted(() => ({
  State: vi.fn(),
  Start: vi.fn(),
  Stop: vi.fn(),
  Recent: vi.fn(),
  Stats: vi.fn(),
}));
vi.mock('wails/go/app/ProxyService', () => api);

const status = { listening: false, addr: '', issuer: 'http://127.0.0.1:8180/realms/demo', keys: [], jwksFetches: 0 };

function state(running: boolean, routes: number) {
  return {
    running,
    profile: 'Local',
    listen: '127.0.0.1:8080',
    routes,
    status: { ...status, listening: running, addr: running ? '127.0.0.1:8080' : '' },
  };
}

const record = {
  time: '2026-01-01T10:00:00Z',
  request_id: 'r1',
  method: 'GET',
  path: '/api/public/hello',
  route: 'public',
  mode: 'public',
  decision: 'allowed',
  status: 200,
  latency_ms: 1.5,
  subject: '',
  reason: '',
};

const stats = {
  points: [
    { time: '2026-01-01T10:00:00Z', counts: { allowed: 1 }, p50Ms: 1.5, p99Ms: 1.5 },
    { time: '2026-01-01T10:00:01Z', counts: { allowed: 0 }, p50Ms: 0, p99Ms: 0 },
  ],
  requestsPerSecond: 0.1,
  p50Ms: 1.5,
  p99Ms: 1.5,
};

function renderPage() {
  renderWithProviders(
    <MemoryRouter>
      <ProxyPage />
    </MemoryRouter>,
  );
}

describe('ProxyPage', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset();
    api.Recent.mockResolvedValue([record]);
    api.Stats.mockResolvedValue(stats);
  });

  it('keeps Start off and says why when the profile has no routes', async () => {
    api.State.mockResolvedValue(state(false, 0));
    api.Recent.mockResolvedValue([]);
    api.Stats.mockResolvedValue({ points: [], requestsPerSecond: 0, p50Ms: 0, p99Ms: 0 });
    renderPage();
    expect(await screen.findByText('This profile has no routes: every request will get 404.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Start/ })).toBeDisabled();
    expect(api.Start).not.toHaveBeenCalled();
  });

  it('an emptied listen field shows the address a start would use, which the service offers', async () => {
    api.State.mockResolvedValue({ ...state(false, 1), listen: '127.0.0.1:9191' });
    renderPage();
    const field = screen.getByLabelText('Listen address');
    await waitFor(() => expect(field).toHaveValue('127.0.0.1:9191'));
    await userEvent.clear(field);
    expect(field).toHaveAttribute('placeholder', '127.0.0.1:9191');
  });

  it('a failed start leaves the log and the chart as they were', async () => {
    api.State.mockResolvedValue(state(false, 2));
    api.Start.mockRejectedValue(
      JSON.stringify({
        code: 'conflict',
        message: 'Port 8080 on 127.0.0.1 is already in use: stop what runs there or choose another listen address.',
      }),
    );
    renderPage();
    const log = await screen.findByRole('table', { name: 'Request log' });
    await within(log).findByText('/api/public/hello');
    await userEvent.click(screen.getByRole('button', { name: /Start/ }));
    expect(
      await screen.findByText(
        'Port 8080 on 127.0.0.1 is already in use: stop what runs there or choose another listen address.',
      ),
    ).toBeInTheDocument();
    expect(within(log).getByText('/api/public/hello')).toBeInTheDocument();
    expect(screen.getByLabelText('Traffic state')).toHaveTextContent('Stopped at');
  });

  it('shows a stopped proxy’s figures as stopped, not as a frozen current rate', async () => {
    api.State.mockResolvedValue(state(true, 1));
    api.Stop.mockResolvedValue(state(false, 1));
    renderPage();
    const chart = await screen.findByLabelText('Traffic chart');
    const rate = () => screen.getByText('Requests/s (10 s)').closest('.ant-statistic');
    await waitFor(() => expect(rate()).toHaveTextContent('0.1'));
    expect(within(chart).queryByLabelText('Traffic state')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Stop/ }));
    await within(chart).findByLabelText('Traffic state');
    expect(rate()).not.toHaveTextContent('0.1');
    expect(within(chart).getAllByText('—')).toHaveLength(3);
    expect(screen.getByText('stopped', { selector: '.ant-tag' })).toBeInTheDocument();
  });

  it('shows the limits in force: rates per route, timeouts, header cap and trusted proxies', async () => {
    const running = state(true, 2);
    api.State.mockResolvedValue({
      ...running,
      status: {
        ...running.status,
        limits: {
          readHeaderTimeout: '10s',
          idleTimeout: '2m0s',
          upstreamHeaderTimeout: '30s',
          maxHeaderBytes: 1 << 20,
          trustedProxies: ['10.0.0.0/8'],
          rates: [{ route: 'feed', perIdentity: '100/min', anonymous: '20/min' }],
          trackedBuckets: 3,
        },
      },
    });
    renderPage();
    expect(await screen.findByText('Limits in force')).toBeInTheDocument();
    expect(screen.getByLabelText('Rate limits')).toHaveTextContent(
      'feed: 100/min per identity, 20/min per client address',
    );
    expect(screen.getByLabelText('Timeouts')).toHaveTextContent('read header 10s · idle 2m0s · upstream header 30s');
    expect(screen.getByText('1 MiB')).toBeInTheDocument();
    expect(screen.getByLabelText('Trusted proxies')).toHaveTextContent('10.0.0.0/8');
  });
});
