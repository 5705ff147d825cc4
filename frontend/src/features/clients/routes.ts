import { AppstoreOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

export const clientTabs = ['settings', 'credentials', 'service-account', 'scopes'] as const;
export type ClientTab = (typeof clientTabs)[number];

export const clientsPage = pageRoute('/clients', { realm: 'text' });
/** A client's page: #/clients/:realm/:id/:tab (id is the internal id). */
export const clientPage = pageRoute('/clients/:realm/:id/:tab?');
export const clientsPath = clientsPage.path;

/** Link to the Clients screen, optionally for one realm. */
export const toClients = (realm?: string): string => clientsPage.href({ realm });

/** Link to a client's page, on its settings unless another tab is asked for. */
export const toClient = ({ realm, id, tab = 'settings' }: { realm: string; id: string; tab?: ClientTab }): string =>
  clientPage.href({ realm, id, tab });

export const clientsFeature = defineFeature({ key: 'clients', label: 'Clients', icon: AppstoreOutlined }, [
  clientsPage.lazy(() => import('./ClientsPage'), 'ClientsPage'),
  clientPage.lazy(() => import('./ClientPage'), 'ClientPage'),
]);
