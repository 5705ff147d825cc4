import { GlobalOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

const list = pageRoute('/realms');
/** One realm's settings: #/realms/demo?tab=keys. */
export const realmPage = pageRoute('/realms/:realm', { tab: 'text' });
export const realmsPath = list.path;

/** Link to the Realms screen (for <Link to> and navigate()). */
export const toRealms = (): string => list.href();

/** Link to one realm's settings. */
export const toRealm = (realm: string): string => realmPage.href({ realm });

export const realmsFeature = defineFeature({ key: 'realms', label: 'Realms', icon: GlobalOutlined }, [
  list.lazy(() => import('./RealmsPage'), 'RealmsPage'),
  realmPage.lazy(() => import('./RealmSettingsPage'), 'RealmSettingsPage'),
]);
