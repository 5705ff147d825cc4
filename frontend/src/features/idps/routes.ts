import { LoginOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const idpsPath = '/identity-providers';

/** Link to the Identity providers screen, optionally for one realm. */
export const toIdps = (realm?: string): string => (realm ? `${idpsPath}?realm=${encodeURIComponent(realm)}` : idpsPath);

export const idpsFeature = defineFeature({
  key: 'idps',
  label: 'Identity providers',
  icon: LoginOutlined,
  path: idpsPath,
  routes: [
    {
      path: idpsPath,
      Component: lazyPage(
        () => import('./IdpsPage'),
        (m) => m.IdpsPage,
      ),
    },
  ],
});
