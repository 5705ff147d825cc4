import { ApiOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const routesPath = '/routes';

/** Link to the Routes screen (for <Link to> and navigate()). */
export const toRoutes = (): string => routesPath;

export const routesFeature = defineFeature({
  key: 'routes',
  label: 'Routes',
  icon: ApiOutlined,
  path: routesPath,
  routes: [
    {
      path: routesPath,
      Component: lazyPage(
        () => import('./RoutesPage'),
        (m) => m.RoutesPage,
      ),
    },
  ],
});
