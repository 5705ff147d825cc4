import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { TesterPage } from './TesterPage';

const api = vi.hoisted(() => ({
  Setup: vi.fn(),
  Send: vi.fn(),
  Matrix: vi.fn(),
  Reach: vi.fn(),
  Lint: vi.fn(),
  DecodeToken: vi.fn(),
  ListCases: vi.fn(),
  SaveCase: vi.fn(),
  DeleteCase: vi.fn(),
  SuiteSecrets: vi.fn(),
  RunSuite: vi.fn(),
  ExportSuite: vi.fn(),
}));
vi.mock('wails/go/app/TesterService', () => api);

const setup = {
  profile: 'Local',
  profileKind: 'local',
  readOnly: false,
  issuer: 'http://127.0.0.1:8180/realms/demo',
  realm: 'demo',
  client: 'web',
  defaultRoute: 'admin',
  routes: [
    {
      name: 'public',
      path: '/api/public',
      methods: null,
      host: '',
      auth: 'public',
      roles: null,
      upstream: 'http://127.0.0.1:9090',
      disabled: false,
    },
    {
      name: 'admin',
      path: '/api/admin',
      methods: null,
      host: '',
      auth: 'required',
      roles: ['admin'],
      upstream: 'http://127.0.0.1:9090',
      disabled: false,
    },
  ],
  hints: {
    validUser: 'alice',
    validPassword: 'alice',
    lackingUser: 'bob',
    lackingPassword: 'bob',
    serviceClient: 'tandem-service',
    serviceSecret: 'demo-service-secret',
  },
  variants: [{ id: 'bad-signature', label: 'Signature broken', description: '' }],
  identityHeaders: ['X-User-Id'],
};

function row(c: string, status: number, surprises: string[] = []) {
  return {
    case: c,
    label: c,
    identity: c,
    expectation: { promise: `promise for ${c}` },
    outcome: 'forwarded',
    status,
    decision: 'allowed',
    reason: '',
    identityHeaders: {},
    surprises,
    notes: null,
  };
}

function renderPage() {
  return renderWithProviders(
    <MemoryRouter>
      <TesterPage />
    </MemoryRouter>,
  );
}

describe('TesterPage', () => {
  beforeEach(() => {
    vi.resetAllMocks();
    api.Setup.mockResolvedValue(setup);
    api.Reach.mockResolvedValue({
      route: 'admin',
      mode: 'required',
      roles: ['admin'],
      realm: 'demo',
      everyone: false,
      summary: '1 users',
      members: { items: [], total: 0, estimated: false },
      findings: [],
    });
    api.ListCases.mockResolvedValue([]);
  });

  it('opens on the route that requires a role with the Local demo users prefilled', async () => {
    renderPage();
    expect(await screen.findByText('/api/admin')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveValue('alice');
    expect(screen.getByLabelText('Matrix lacking user')).toHaveValue('bob');
  });

  it('runs the matrix as alice and bob and flags a surprise in red', async () => {
    api.Matrix.mockResolvedValue({
      route: 'admin',
      mode: 'required',
      roles: ['admin'],
      surprises: 1,
      errors: 0,
      setup: null,
      rows: [
        row('anonymous', 401),
        row('anonymous-spoofed', 401),
        row('valid-user', 200),
        row('bad-signature', 200, ['expected unauthorized (HTTP 401), got forwarded']),
        row('lacking-role', 403),
      ],
    });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /Run matrix/ }));
    const table = await screen.findByRole('table', { name: 'Matrix' });
    expect(within(table).getAllByRole('row')).toHaveLength(6); // header + five identities
    expect(within(table).getAllByText('surprise')).toHaveLength(1);
    expect(within(table).getByText('expected unauthorized (HTTP 401), got forwarded')).toBeInTheDocument();
    expect(api.Matrix.mock.calls[0][0]).toMatchObject({
      route: 'admin',
      upstream: 'echo',
      validUser: { username: 'alice', password: 'alice', clientId: 'web' },
      lackingUser: { username: 'bob' },
    });
  });

  it('sends as the chosen user and highlights the injected headers', async () => {
    api.Send.mockResolvedValue({
      requestId: 'r1',
      identity: 'user alice',
      upstream: 'echo',
      sent: { method: 'GET', url: 'http://127.0.0.1:1/api/admin', headers: {} },
      response: { status: 200, headers: {}, body: '{}', truncated: false, binary: false, size: 2, durationMs: 3 },
      trace: {
        request_id: 'r1',
        route: 'admin',
        routeMatch: 'path prefix /api/admin',
        mode: 'required',
        decision: 'allowed',
        steps: [{ name: 'verify token', ok: true, detail: 'RS256' }],
        rolesRequired: ['admin'],
        rolesHeld: ['user', 'admin'],
        stripped: ['X-User-Id'],
        injected: { 'X-User-Id': 'a1' },
        upstreamUrl: 'http://echo/api/admin',
        upstreamHeaders: { 'X-User-Id': ['a1'], Accept: ['*/*'] },
      },
      token: null,
      tokenState: 'valid',
      expectation: { promise: 'required route, valid token holding one of admin' },
      surprises: null,
      notes: null,
    });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /Send/ }));
    const headers = await screen.findByRole('table', { name: 'Upstream headers' });
    expect(within(headers).getByText('X-User-Id')).toBeInTheDocument();
    expect(within(headers).getByText('injected')).toBeInTheDocument();
    expect(screen.getByText('As promised')).toBeInTheDocument();
    expect(api.Send.mock.calls[0][0]).toMatchObject({
      request: { route: 'admin', method: 'GET', path: '/api/admin', upstream: 'echo' },
      identity: { kind: 'password', username: 'alice' },
    });
  });

  it('shows a token error as a sentence', async () => {
    api.Send.mockRejectedValue(
      JSON.stringify({
        code: 'unauthorized',
        message: 'Get a token for user "alice": the username or password is wrong',
      }),
    );
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /Send/ }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('the username or password is wrong'));
  });
});
