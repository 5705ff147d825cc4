import { ApiOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

/** ?route=NAME opens that route's form (the command palette links there). */
export const routesPage = pageRoute('/routes', { route: 'text' });
export const routesPath = routesPage.path;

/** Link to the Routes screen, optionally with one route's form open (for <Link to> and navigate()). */
export const toRoutes = (route?: string): string => routesPage.href({ route });

export const routesFeature = defineFeature({ key: 'routes', label: 'Routes', icon: ApiOutlined }, [
  routesPage.lazy(() => import('./RoutesPage'), 'RoutesPage'),
]);
