import { TeamOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

export type GroupTab = 'members' | 'roles';

/** The Groups screen, optionally with a realm and a selected group: #/groups?realm=demo&group=ID&tab=roles. */
export const groupsPage = pageRoute('/groups', {
  realm: 'text',
  group: 'text',
  tab: ['members', 'roles'] satisfies GroupTab[],
});
export const groupsPath = groupsPage.path;

/** Link to the Groups screen, optionally with a realm and a selected group. */
export const toGroups = (values: { realm?: string; group?: string; tab?: GroupTab } = {}): string =>
  groupsPage.href(values);

export const groupsFeature = defineFeature({ key: 'groups', label: 'Groups', icon: TeamOutlined }, [
  groupsPage.lazy(() => import('./GroupsPage'), 'GroupsPage'),
]);
