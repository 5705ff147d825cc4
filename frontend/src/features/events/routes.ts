import { AuditOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

export type EventsTab = 'login' | 'admin' | 'settings';

/** The Events screen: #/events?realm=demo&tab=admin&user=ID. */
export const eventsPage = pageRoute('/events', {
  realm: 'text',
  tab: ['login', 'admin', 'settings'] satisfies EventsTab[],
  user: 'text',
});
export const eventsPath = eventsPage.path;

/** Link to the Events screen, optionally for one realm, tab and user id. */
export const toEvents = (values: { realm?: string; tab?: EventsTab; user?: string } = {}): string =>
  eventsPage.href(values);

export const eventsFeature = defineFeature({ key: 'events', label: 'Events', icon: AuditOutlined }, [
  eventsPage.lazy(() => import('./EventsPage'), 'EventsPage'),
]);
