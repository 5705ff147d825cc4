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
import { migratePage } from './routes';
import { RulesTab } from './RulesTab';

/** The move from Ory: Oathkeeper rules into routes, Kratos identities into users, and what changes. */
export function MigratePage() {
  const [params, setParams] = useSearchParams();
  const wanted = migratePage.read(params);
  const { profile, realms, realm, loading, error } = useActiveRealm(wanted.realm);
  const tab = wanted.tab ?? 'rules';
  const [imported, setImported] = useState<RulesInput>();

  const go = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next });

  return (
    <>
      <PageHeader
        title="From Ory"
        subtitle="Oathkeeper access rules become routes of the active profile, Kratos identities become Keycloak users; each report says what has no equivalent and what behaves differently."
      />
      <ReadOnlyBanner />
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
              <IdentitiesTab realms={realms} realm={realm} realmsLoading={loading} onRealm={(r) => go({ realm: r })} />
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
