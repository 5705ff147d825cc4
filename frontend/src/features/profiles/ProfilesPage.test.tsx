import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InputProblem } from '@/lib/errors';
import { testProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import { resetActiveProfileForTests } from './activeProfile';
import { ProfilesPage } from './ProfilesPage';

const api = vi.hoisted(() => ({
  List: vi.fn(),
  Active: vi.fn(),
  SecretStore: vi.fn(),
  Create: vi.fn(),
  Delete: vi.fn(),
  TestConnection: vi.fn(),
  TestInput: vi.fn(),
}));
vi.mock('wails/go/app/ProfileService', () => api);

const local = testProfile({ name: 'Local', keycloakUrl: 'http://127.0.0.1:8180', secretStore: 'encrypted-file' });

/**
 * Opens the new-profile drawer with Create set to fail as Go's validation does: invalid_input with each
 * problem by type.
 */
async function openNewProfileRejected(problems: InputProblem[]): Promise<HTMLElement> {
  api.Create.mockRejectedValueOnce(
    JSON.stringify({
      code: 'invalid_input',
      message: `Invalid profile (${problems.length} problems)`,
      details: problems.map((p) => `${p.field}: ${p.message}`),
      problems,
    }),
  );
  renderPage();
  await userEvent.click(await screen.findByRole('button', { name: /New profile/ }));
  return screen.findByRole('dialog');
}

function renderPage() {
  return renderWithProviders(
    <MemoryRouter>
      <ProfilesPage />
    </MemoryRouter>,
  );
}

beforeEach(() => {
  resetActiveProfileForTests();
  for (const fn of Object.values(api)) fn.mockReset();
  api.List.mockResolvedValue([local]);
  api.Active.mockResolvedValue(local);
  api.SecretStore.mockResolvedValue({ active: 'encrypted-file', reason: 'No keychain.' });
});

// antd renders slowly under jsdom: leave room on a busy machine.
describe('ProfilesPage', () => {
  it('lists profiles with kind, access and where the secret is kept', async () => {
    renderPage();
    const row = (await screen.findByText('Local')).closest('tr')!;
    expect(within(row).getByText('local')).toBeInTheDocument();
    expect(within(row).getByText('read-write')).toBeInTheDocument();
    expect(within(row).getByText('Encrypted file')).toBeInTheDocument();
    expect(await screen.findByText('active')).toBeInTheDocument();
    const buttons = within(row).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Use Local',
      'Edit Local',
      'Test Local',
      'Duplicate Local',
      'Delete Local',
    ]);
    // The active profile cannot be switched to again; everything else stays at hand.
    await waitFor(() => expect(buttons[0]).toBeDisabled());
    for (const b of buttons.slice(1)) expect(b).toBeEnabled();
  });

  it('puts each validation message from Go under its field', async () => {
    const drawer = await openNewProfileRejected([
      { field: 'keycloakUrl', code: 'url_scheme', message: 'Must start with http:// or https://' },
      { field: 'secret', code: 'required', message: 'The password is required' },
    ]);
    expect(drawer).toHaveTextContent('New profile');
    await userEvent.click(within(drawer).getByLabelText('Name', { exact: true }));
    await userEvent.paste('Staging');
    await userEvent.click(within(drawer).getByLabelText('Keycloak URL'));
    await userEvent.paste('kc.example.com');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Create profile' }));

    expect(await within(drawer).findByText('Must start with http:// or https://')).toBeInTheDocument();
    expect(within(drawer).getByText('The password is required')).toBeInTheDocument();
    // Each under the field its problem names.
    expect(within(drawer).getByText('Must start with http:// or https://').closest('.ant-form-item')).toHaveTextContent(
      'Keycloak URL',
    );
    expect(within(drawer).getByText('The password is required').closest('.ant-form-item')).toHaveTextContent(
      'Password',
    );
    expect(api.Create).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Staging', keycloakUrl: 'kc.example.com' }),
    );
  });

  it('asks for a client id or a user name by how it logs in, and sends each as typed', async () => {
    const drawer = await openNewProfileRejected([{ field: 'name', code: 'required', message: 'Is required' }]);
    await userEvent.click(within(drawer).getByLabelText('Username'));
    await userEvent.paste('admin');
    await userEvent.click(within(drawer).getByLabelText('Client id and secret'));
    const clientId = within(drawer).getByLabelText('Client id');
    expect(clientId).toHaveValue('');
    expect(within(drawer).queryByLabelText('Username')).not.toBeInTheDocument();
    await userEvent.click(clientId);
    await userEvent.paste('tandem-admin');
    await userEvent.click(within(drawer).getByLabelText('Admin user and password'));
    expect(within(drawer).getByLabelText('Username')).toHaveValue('admin');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Create profile' }));
    await waitFor(() =>
      expect(api.Create).toHaveBeenCalledWith(
        expect.objectContaining({ authMethod: 'password', username: 'admin', clientId: 'tandem-admin' }),
      ),
    );
  });

  it("clears a field's message from the last save once that field is edited", async () => {
    const drawer = await openNewProfileRejected([
      { field: 'name', code: 'required', message: 'Is required' },
      { field: 'keycloakUrl', code: 'required', message: 'Is required' },
    ]);
    await userEvent.click(within(drawer).getByRole('button', { name: 'Create profile' }));
    await waitFor(() => expect(within(drawer).getAllByText('Is required')).toHaveLength(2));

    await userEvent.click(within(drawer).getByLabelText('Name', { exact: true }));
    await userEvent.paste('Staging');
    // The name's message goes; the URL, still empty, keeps its own.
    await waitFor(() => expect(within(drawer).getAllByText('Is required')).toHaveLength(1));
  });

  it.each([
    {
      what: 'a failed connection test',
      answer: () =>
        api.TestConnection.mockResolvedValue({
          ok: false,
          keycloakVersion: '',
          realms: [],
          problem: 'Keycloak at http://127.0.0.1:8180 is unreachable (connect: connection refused).',
        }),
      sentence: /is unreachable \(connect: connection refused\)/,
    },
    {
      what: 'a connection test that could not run',
      answer: () =>
        api.TestConnection.mockRejectedValue(JSON.stringify({ code: 'not_found', message: 'No profile with id 1.' })),
      sentence: 'No profile with id 1.',
    },
  ])('shows the sentence of $what', async ({ answer, sentence }) => {
    answer();
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Test Local' }));
    expect(await screen.findByText(sentence)).toBeInTheDocument();
  });

  it("shows why the form's connection test could not run", async () => {
    api.TestInput.mockRejectedValue(JSON.stringify({ code: 'invalid_input', message: 'The Keycloak URL is missing.' }));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: /New profile/ }));
    const drawer = await screen.findByRole('dialog');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Test connection' }));
    expect(await within(drawer).findByText('The Keycloak URL is missing.')).toBeInTheDocument();
  });

  it('deletes only after the exact name is typed', async () => {
    api.Delete.mockResolvedValue(undefined);
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Local' }));
    // antd labels every dialog with the same id under test, so find it by its text.
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Delete profile “Local”?');
    const del = within(dialog).getByRole('button', { name: 'Delete' });
    expect(del).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('textbox'));
    await userEvent.paste('Local');
    await userEvent.click(del);
    await waitFor(() => expect(api.Delete).toHaveBeenCalledWith(1));
  });
});
