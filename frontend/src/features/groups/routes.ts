import { TeamOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const groupsPath = '/groups';

/** Link to the Groups screen (for <Link to> and navigate()). */
export const toGroups = (): string => groupsPath;

export const groupsFeature = defineFeature({
  key: 'groups',
  label: 'Groups',
  icon: TeamOutlined,
  path: groupsPath,
  routes: [
    {
      path: groupsPath,
      Component: lazyPage(
        () => import('./GroupsPage'),
        (m) => m.GroupsPage,
      ),
    },
  ],
});
