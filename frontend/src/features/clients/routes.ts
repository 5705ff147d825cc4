import { AppstoreOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const clientsPath = '/clients';

export type ClientTab = 'settings' | 'credentials' | 'service-account' | 'scopes';

/** Link to the Clients screen, optionally for one realm. */
export const toClients = (realm?: string): string =>
  realm ? `${clientsPath}?realm=${encodeURIComponent(realm)}` : clientsPath;

/** Link to a client's page: #/clients/:realm/:id/:tab (id is the internal id). */
export const toClient = ({ realm, id, tab = 'settings' }: { realm: string; id: string; tab?: ClientTab }): string =>
  `${clientsPath}/${encodeURIComponent(realm)}/${encodeURIComponent(id)}/${tab}`;

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
    {
      path: `${clientsPath}/:realm/:id/:tab?`,
      Component: lazyPage(
        () => import('./ClientPage'),
        (m) => m.ClientPage,
      ),
    },
  ],
});
