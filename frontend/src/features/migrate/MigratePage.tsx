import { Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import type { RulesInput } from './api';
import { EquivalenceTab } from './EquivalenceTab';
import { IdentitiesTab } from './IdentitiesTab';
import { RulesTab } from './RulesTab';

/** The move from Ory: Oathkeeper rules into routes, Kratos identities into users, and what changes. */
export function MigratePage() {
  const [params, setParams] = useSearchParams();
  const { profile, realms, realm, loading, error } = useActiveRealm(params.get('realm') ?? undefined);
  const readOnly = profile?.readOnly ?? false;
  const tab = params.get('tab') ?? 'rules';
  const [imported, setImported] = useState<RulesInput>();

  const go = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next });

  return (
    <>
      <PageHeader
        title="From Ory"
        subtitle="Oathkeeper access rules become routes of the active profile, Kratos identities become Keycloak users; each report says what has no equivalent and what behaves differently."
      />
      <ReadOnlyBanner readOnly={readOnly} profileName={profile?.name} />
      <ErrorAlert error={error} />
      <Tabs
        activeKey={tab}
        onChange={(key) => go({ tab: key })}
        items={[
          {
            key: 'rules',
            label: 'Oathkeeper rules',
            children: (
              <RulesTab
                readOnly={readOnly}
                profileName={profile?.name}
                onImported={(input) => {
                  setImported(input);
                  go({ tab: 'equivalence' });
                }}
              />
            ),
          },
          {
            key: 'identities',
            label: 'Kratos identities',
            children: (
              <IdentitiesTab
                readOnly={readOnly}
                realms={realms}
                realm={realm}
                realmsLoading={loading}
                onRealm={(r) => go({ realm: r })}
              />
            ),
          },
          {
            key: 'equivalence',
            label: 'Equivalence',
            disabled: !imported,
            children: <EquivalenceTab rules={imported} />,
          },
        ]}
      />
    </>
  );
}
