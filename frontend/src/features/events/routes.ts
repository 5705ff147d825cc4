import { AuditOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const eventsPath = '/events';

export type EventsTab = 'login' | 'admin' | 'settings';

/** Link to the Events screen, optionally for one realm, tab and user id. */
export const toEvents = ({ realm, tab, user }: { realm?: string; tab?: EventsTab; user?: string } = {}): string => {
  const q = new URLSearchParams();
  if (realm) q.set('realm', realm);
  if (tab) q.set('tab', tab);
  if (user) q.set('user', user);
  const s = q.toString();
  return s ? `${eventsPath}?${s}` : eventsPath;
};

export const eventsFeature = defineFeature({
  key: 'events',
  label: 'Events',
  icon: AuditOutlined,
  path: eventsPath,
  routes: [
    {
      path: eventsPath,
      Component: lazyPage(
        () => import('./EventsPage'),
        (m) => m.EventsPage,
      ),
    },
  ],
});
