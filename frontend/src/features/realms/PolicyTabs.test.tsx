import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '@/app/AppProviders';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import type { RealmPolicies } from './api';
import { policyTabs } from './PolicyTabs';

const realms = vi.hoisted(() => ({ UpdateBruteForce: vi.fn(), UpdateSessionLifespans: vi.fn() }));
vi.mock('wails/go/app/RealmService', () => realms);
vi.mock('wails/go/models', () => ({
  keycloak: {
    BruteForcePolicy: { createFrom: (v: unknown) => v },
    SessionLifespans: { createFrom: (v: unknown) => v },
  },
}));

const policies = {
  login: {},
  passwordPolicy: '',
  otp: {},
  bruteForce: {
    enabled: true,
    permanentLockout: false,
    failureFactor: 30,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    maxDeltaTimeSeconds: 43200,
  },
  sessions: {
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    offlineSessionIdleTimeout: 2592000,
    accessCodeLifespanLogin: 1800,
  },
  smtp: {},
} as RealmPolicies;

/** Renders one policy tab of the demo realm. */
function renderTab(key: string) {
  const tab = policyTabs({ realm: 'demo', policies, onSaved: () => {} }).find((t) => t.key === key);
  renderWithProviders(tab!.children as ReactElement);
}

async function retype(label: string, value: string) {
  const input = screen.getByLabelText(label);
  await userEvent.clear(input);
  await userEvent.type(input, value);
}

beforeEach(() => {
  activateProfile();
  realms.UpdateBruteForce.mockReset().mockResolvedValue(undefined);
  realms.UpdateSessionLifespans.mockReset().mockResolvedValue(undefined);
});

describe('the minutes fields of the policy tabs', () => {
  it('brute force takes a wait of 0 minutes and saves seconds', async () => {
    renderTab('brute-force');
    expect(screen.getByLabelText('Maximum wait')).toHaveValue('15');
    await retype('Wait increment', '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(realms.UpdateBruteForce).toHaveBeenCalledWith(
        'demo',
        expect.objectContaining({ waitIncrementSeconds: 0, maxFailureWaitSeconds: 900, maxDeltaTimeSeconds: 43200 }),
      ),
    );
  });

  it('sessions refuse a lifespan of 0 minutes and save seconds', async () => {
    renderTab('sessions');
    await retype('SSO session idle', '0');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Give a positive number of minutes.')).toBeInTheDocument();
    expect(realms.UpdateSessionLifespans).not.toHaveBeenCalled();

    await retype('SSO session idle', '45');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(realms.UpdateSessionLifespans).toHaveBeenCalledWith(
        'demo',
        expect.objectContaining({ ssoSessionIdleTimeout: 2700, accessTokenLifespan: 300 }),
      ),
    );
  });
});

describe('a reload of the realm while a tab is being edited', () => {
  const sessionsTab = (p: RealmPolicies) => (
    <AppProviders>
      {policyTabs({ realm: 'demo', policies: p, onSaved: () => {} }).find((t) => t.key === 'sessions')!.children}
    </AppProviders>
  );

  /** The policies as a reload returns them: new objects, with the given changes. */
  const reloaded = (sessions: Partial<RealmPolicies['sessions']>) =>
    ({ ...policies, sessions: { ...policies.sessions, ...sessions } }) as RealmPolicies;

  it('keeps what was typed when the values did not change, and shows new values when they did', async () => {
    const view = render(sessionsTab(policies));
    await retype('Access token lifespan', '7');

    // Another tab's save reloads the realm: new objects, the same values.
    view.rerender(sessionsTab(reloaded({})));
    expect(screen.getByLabelText('Access token lifespan')).toHaveValue('7');

    // A reload that brings other values shows them.
    view.rerender(sessionsTab(reloaded({ accessTokenLifespan: 600 })));
    await waitFor(() => expect(screen.getByLabelText('Access token lifespan')).toHaveValue('10'));
  });
});
