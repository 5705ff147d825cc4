import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { activateProfile } from '@/test/profile';
import { renderWithProviders } from '@/test/render';
import type { User } from './api';
import { AttributesTab } from './AttributesTab';

vi.mock('wails/go/app/UserService', () => ({}));
vi.mock('wails/go/app/UserImportService', () => ({}));
vi.mock('wails/go/models', () => ({ app: {}, keycloak: {}, userimport: {} }));

const empty = 'No attributes. Add one to store custom data on this user (e.g. department).';

function user(attributes: Record<string, string[]>): User {
  return { id: 'u1', username: 'bob', enabled: true, attributes } as unknown as User;
}

describe('AttributesTab', () => {
  beforeEach(() => {
    activateProfile();
  });

  it('says there are none and how to add one, until a row is added', async () => {
    renderWithProviders(<AttributesTab realm="demo" id="u1" user={user({})} onSaved={() => {}} />);
    expect(screen.getByText(empty)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Add attribute/ }));
    expect(screen.queryByText(empty)).not.toBeInTheDocument();
    expect(screen.getByLabelText('Attribute name')).toBeInTheDocument();
  });

  it('does not invite adding on a read-only profile', () => {
    activateProfile({ readOnly: true });
    renderWithProviders(<AttributesTab realm="demo" id="u1" user={user({})} onSaved={() => {}} />);
    expect(screen.getByText('No attributes.')).toBeInTheDocument();
  });

  it('shows no empty state when the user has attributes', () => {
    renderWithProviders(<AttributesTab realm="demo" id="u1" user={user({ department: ['eng'] })} onSaved={() => {}} />);
    expect(screen.queryByText(empty)).not.toBeInTheDocument();
    expect(screen.getByDisplayValue('department')).toBeInTheDocument();
  });
});
