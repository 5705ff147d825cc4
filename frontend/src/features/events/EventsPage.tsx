import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { RealmPicker } from '@/features/users/RealmPicker';
import { AdminEventsTab } from './AdminEventsTab';
import { EventsSettings } from './EventsSettings';
import { LoginEventsTab } from './LoginEventsTab';
import { eventsPage, type EventsTab } from './routes';
import { oneOf } from '@/lib/oneOf';

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const { realms, realm, loading, error, reload } = useActiveRealm(params.get('realm') ?? undefined);
  const tab = eventsPage.read(params).tab ?? 'login';
  const user = params.get('user') ?? '';

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
      {realm && <EventsTabs realm={realm} tab={tab} user={user} onTab={(t) => go({ tab: t })} />}
    </>
  );
}

function EventsTabs({
  realm,
  tab,
  user,
  onTab,
}: {
  realm: string;
  tab: EventsTab;
  user: string;
  onTab: (tab: EventsTab) => void;
}) {
  const items: { key: EventsTab; label: string; children: ReactNode }[] = [
    { key: 'login', label: 'Login events', children: <LoginEventsTab key={realm} realm={realm} initialUser={user} /> },
    { key: 'admin', label: 'Admin events', children: <AdminEventsTab key={realm} realm={realm} /> },
    { key: 'settings', label: 'Settings', children: <EventsSettings key={realm} realm={realm} /> },
  ];
  return (
    <Tabs
      activeKey={tab}
      onChange={(key) => {
        const next = oneOf(
          items.map((i) => i.key),
          key,
        );
        if (next) onTab(next);
      }}
      destroyOnHidden
      items={items}
    />
  );
}
