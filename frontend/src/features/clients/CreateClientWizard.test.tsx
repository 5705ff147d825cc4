import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { CreateClientWizard } from './CreateClientWizard';

const api = vi.hoisted(() => ({ List: vi.fn(), Create: vi.fn(), Secret: vi.fn() }));
vi.mock('wails/go/app/ClientService', () => api);
vi.mock('wails/go/models', () => ({
  keycloak: { OIDCClientInput: { createFrom: (v: unknown) => v } },
}));

/** Whether a field is on the step on screen (the others stay mounted, hidden). */
const onStep = (el: HTMLElement) => el.closest('[hidden]') === null;

function renderWizard() {
  return renderWithProviders(
    <CreateClientWizard
      realm="demo"
      open
      onClose={() => undefined}
      onCreated={() => undefined}
      onOpen={() => undefined}
    />,
  );
}

describe('CreateClientWizard', () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it('says a taken client ID under the field on the first step', async () => {
    api.List.mockResolvedValue({
      items: [
        { id: 'u1', clientId: 'web-admin' },
        { id: 'u2', clientId: 'web' },
      ],
      total: 2,
    });
    renderWizard();
    await userEvent.type(screen.getByLabelText('Client ID'), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Realm demo already has a client “web”: choose another ID.')).toBeInTheDocument();
    expect(onStep(screen.getByLabelText('Client ID'))).toBe(true); // still the first step
    expect(api.List).toHaveBeenCalledWith('demo', 'web', 0, 50);
  });

  it('goes on when only longer IDs contain the typed one', async () => {
    api.List.mockResolvedValue({ items: [{ id: 'u1', clientId: 'web-admin' }], total: 1 });
    renderWizard();
    await userEvent.type(screen.getByLabelText('Client ID'), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(onStep(screen.getByRole('radiogroup', { name: 'Access type' }))).toBe(true));
    expect(onStep(screen.getByLabelText('Client ID'))).toBe(false);
  });

  it('brings Keycloak’s conflict back to the client ID field', async () => {
    api.List.mockResolvedValue({ items: [], total: 0 });
    api.Create.mockRejectedValue(JSON.stringify({ code: 'conflict', message: 'Client web already exists.' }));
    renderWizard();
    await userEvent.type(screen.getByLabelText('Client ID'), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Realm demo already has a client “web”: choose another ID.')).toBeInTheDocument();
    expect(onStep(screen.getByLabelText('Client ID'))).toBe(true);
  });
});
