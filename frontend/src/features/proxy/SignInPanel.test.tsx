import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { SignInPanel } from './SignInPanel';

const api = vi.hoisted(() => ({ SignIn: vi.fn(), SetSignInClientSecret: vi.fn() }));
vi.mock('wails/go/app/ProxyService', () => api);

const state = {
  enabled: false,
  reason: 'no client secret',
  clientId: 'web',
  clientSecret: 'none',
  clientSecretKept: false,
  cookieKeys: 'profile',
  keys: [],
  routes: [{ name: 'app', path: '/app', login: true }],
};

beforeEach(() => {
  api.SignIn.mockReset().mockResolvedValue(state);
  api.SetSignInClientSecret.mockReset();
});

describe('sign-in client secret', () => {
  it('keeps what was typed when storing it fails, and clears it once stored', async () => {
    renderWithProviders(<SignInPanel running={false} />);
    const field = await screen.findByLabelText('Sign-in client secret');
    await userEvent.type(field, 's3cret');

    api.SetSignInClientSecret.mockRejectedValueOnce('{"code":"read_only","message":"profile is read-only"}');
    await userEvent.click(screen.getByRole('button', { name: /Keep secret/ }));
    expect(await screen.findByText(/profile is read-only/i)).toBeInTheDocument();
    expect(field).toHaveValue('s3cret');

    api.SetSignInClientSecret.mockResolvedValueOnce({ ...state, clientSecret: 'profile', clientSecretKept: true });
    await userEvent.click(screen.getByRole('button', { name: /Keep secret/ }));
    await waitFor(() => expect(field).toHaveValue(''));
    expect(api.SetSignInClientSecret).toHaveBeenLastCalledWith('s3cret');
    expect(screen.queryByText(/profile is read-only/i)).not.toBeInTheDocument();
  });
});
