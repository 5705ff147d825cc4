import { LoginOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

/** The Identity providers screen: #/identity-providers?realm=demo. */
export const idpsPage = pageRoute('/identity-providers', { realm: 'text' });
export const idpsPath = idpsPage.path;

/** Link to the Identity providers screen, optionally for one realm. */
export const toIdps = (realm?: string): string => idpsPage.href({ realm });

export const idpsFeature = defineFeature({ key: 'idps', label: 'Identity providers', icon: LoginOutlined }, [
  idpsPage.lazy(() => import('./IdpsPage'), 'IdpsPage'),
]);
