import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ConnectionResultView } from './ConnectionResultView';

describe('ConnectionResultView', () => {
  it('warns when the server is outside the supported Keycloak versions', () => {
    const note =
      'Keycloak 25.0.6 is older than Tandem supports (26.5 to 26.7): some screens may fail; upgrade Keycloak to use them.';
    renderWithProviders(
      <ConnectionResultView
        result={{ ok: true, keycloakVersion: '25.0.6', realms: ['demo'], problem: '', versionNote: note }}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Connected: Keycloak 25.0.6');
    expect(screen.getByText(note)).toBeInTheDocument();
  });

  it('shows no warning for a supported version', () => {
    renderWithProviders(
      <ConnectionResultView
        result={{ ok: true, keycloakVersion: '26.7.3', realms: ['demo'], problem: '', versionNote: '' }}
      />,
    );
    expect(screen.queryByText(/Tandem supports/)).toBeNull();
  });
});
