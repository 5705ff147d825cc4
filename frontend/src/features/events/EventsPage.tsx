import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { RealmPicker } from '@/features/users/RealmPicker';
import { AdminEventsTab } from './AdminEventsTab';
import { EventsSettings } from './EventsSettings';
import { LoginEventsTab } from './LoginEventsTab';
import type { EventsTab } from './routes';

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const { realms, realm, loading, error, reload } = useActiveRealm(params.get('realm') ?? undefined);
  const tab = (params.get('tab') as EventsTab | null) ?? 'login';
  const user = params.get('user') ?? '';
  const readOnly = useReadOnly();

  const go = (next: { realm?: string; tab?: EventsTab }) => {
    const q = new URLSearchParams();
    q.set('realm', next.realm ?? realm ?? '');
    q.set('tab', next.tab ?? tab);
    setParams(q, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Events"
        subtitle="Who signed in or failed to, and who changed what, as Keycloak recorded it."
        actions={<RealmPicker realms={realms} value={realm} loading={loading} onChange={(r) => go({ realm: r })} />}
      />
      <ReadOnlyBanner />
      <ErrorAlert error={error} onRetry={reload} />
      {realm && (
        <Tabs
          activeKey={tab}
          onChange={(key) => go({ tab: key as EventsTab })}
          destroyOnHidden
          items={[
            {
              key: 'login',
              label: 'Login events',
              children: <LoginEventsTab key={realm} realm={realm} initialUser={user} />,
            },
            { key: 'admin', label: 'Admin events', children: <AdminEventsTab key={realm} realm={realm} /> },
            {
              key: 'settings',
              label: 'Settings',
              children: <EventsSettings key={realm} realm={realm} readOnly={readOnly} />,
            },
          ]}
        />
      )}
    </>
  );
}
