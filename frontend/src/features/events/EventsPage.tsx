import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { RealmPageHeader } from '@/components/RealmPageHeader';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { AdminEventsTab } from './AdminEventsTab';
import { EventsSettings } from './EventsSettings';
import { LoginEventsTab } from './LoginEventsTab';
import { eventsPage, type EventsTab } from './routes';
import { onOneOf } from '@/lib/oneOf';

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const active = useActiveRealm(params.get('realm') ?? undefined);
  const { realm } = active;
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
      <RealmPageHeader
        title="Events"
        subtitle="Who signed in or failed to, and who changed what, as Keycloak recorded it."
        active={active}
        onRealm={(r) => go({ realm: r })}
      />
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
      onChange={onOneOf(
        items.map((i) => i.key),
        onTab,
      )}
      destroyOnHidden
      items={items}
    />
  );
}
