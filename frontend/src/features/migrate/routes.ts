import { ImportOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const migratePath = '/migrate';

export const migrateFeature = defineFeature({
  key: 'migrate',
  label: 'From Ory',
  icon: ImportOutlined,
  path: migratePath,
  routes: [
    {
      path: migratePath,
      Component: lazyPage(
        () => import('./MigratePage'),
        (m) => m.MigratePage,
      ),
    },
  ],
});
