import { ImportOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

export type MigrateTab = 'rules' | 'identities' | 'equivalence';

/** The From Ory screen: #/migrate?realm=demo&tab=identities. */
export const migratePage = pageRoute('/migrate', {
  realm: 'text',
  tab: ['rules', 'identities', 'equivalence'] satisfies MigrateTab[],
});
export const migratePath = migratePage.path;

export const migrateFeature = defineFeature({ key: 'migrate', label: 'From Ory', icon: ImportOutlined }, [
  migratePage.lazy(() => import('./MigratePage'), 'MigratePage'),
]);
