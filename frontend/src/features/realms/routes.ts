import { GlobalOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const realmsPath = '/realms';

/** Link to the Realms screen (for <Link to> and navigate()). */
export const toRealms = (): string => realmsPath;

/** Link to one realm's settings. */
export const toRealm = (realm: string): string => `${realmsPath}/${encodeURIComponent(realm)}`;

export const realmsFeature = defineFeature({
  key: 'realms',
  label: 'Realms',
  icon: GlobalOutlined,
  path: realmsPath,
  routes: [
    {
      path: realmsPath,
      Component: lazyPage(
        () => import('./RealmsPage'),
        (m) => m.RealmsPage,
      ),
    },
    {
      path: `${realmsPath}/:realm`,
      Component: lazyPage(
        () => import('./RealmSettingsPage'),
        (m) => m.RealmSettingsPage,
      ),
    },
  ],
});
