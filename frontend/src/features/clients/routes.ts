import { AppstoreOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const clientsPath = '/clients';

/** Link to the Clients screen (for <Link to> and navigate()). */
export const toClients = (): string => clientsPath;

export const clientsFeature = defineFeature({
  key: 'clients',
  label: 'Clients',
  icon: AppstoreOutlined,
  path: clientsPath,
  routes: [
    {
      path: clientsPath,
      Component: lazyPage(
        () => import('./ClientsPage'),
        (m) => m.ClientsPage,
      ),
    },
  ],
});
