import { TeamOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const groupsPath = '/groups';

export type GroupTab = 'members' | 'roles';

/** Link to the Groups screen, optionally with a realm and a selected group: #/groups?realm=demo&group=ID&tab=roles. */
export const toGroups = ({ realm, group, tab }: { realm?: string; group?: string; tab?: GroupTab } = {}): string => {
  const q = new URLSearchParams();
  if (realm) q.set('realm', realm);
  if (group) q.set('group', group);
  if (tab) q.set('tab', tab);
  const s = q.toString();
  return s ? `${groupsPath}?${s}` : groupsPath;
};

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
