import { WarningFilled } from '@ant-design/icons';
import { Fragment, type ReactNode } from 'react';
import { useActiveProfile } from './activeProfile';

/**
 * A red bar across the top of the window while a prod profile is active, so
 * nobody mistakes production for a test environment. Renders nothing otherwise.
 */
export function ProfileBanner() {
  const { profile } = useActiveProfile();
  if (profile?.kind !== 'prod') return null;
  return (
    <div
      role="note"
      aria-label="Production profile"
      data-testid="prod-banner"
      style={{
        background: '#cf1322',
        color: '#fff',
        fontWeight: 600,
        textAlign: 'center',
        padding: '4px 12px',
        letterSpacing: 0.3,
      }}
    >
      <WarningFilled aria-hidden /> PRODUCTION — profile “{profile.name}”
      {profile.readOnly ? ' (read-only: changes are refused)' : ': changes affect real users'}
    </div>
  );
}

/**
 * Remounts its children whenever the active profile is switched, so every
 * page below loads afresh for the new profile. Until the active profile is
 * known it renders nothing, so pages do not load twice at start. The shell
 * wraps its routed pages in it.
 */
export function ProfileKeyed({ children }: { children: ReactNode }) {
  const { key, profile } = useActiveProfile();
  if (profile === undefined) return null;
  return <Fragment key={key}>{children}</Fragment>;
}
