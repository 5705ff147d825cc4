import { UserOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

export type UserTab = 'details' | 'attributes' | 'credentials' | 'roles' | 'groups' | 'sessions' | 'timeline';

export const usersPage = pageRoute('/users', { realm: 'text' });
/** A user's detail page: #/users/:realm/:id/:tab. */
export const userPage = pageRoute('/users/:realm/:id/:tab?');
/** The CSV import screen: #/users-import?realm=demo. */
export const userImportPage = pageRoute('/users-import', { realm: 'text' });
export const usersPath = usersPage.path;

/** Link to the Users screen, optionally for one realm. */
export const toUsers = (realm?: string): string => usersPage.href({ realm });

/** Link to a user's detail page, on its details unless another tab is asked for. */
export const toUser = ({ realm, id, tab = 'details' }: { realm: string; id: string; tab?: UserTab }): string =>
  userPage.href({ realm, id, tab });

/** Link to the CSV import screen for a realm. */
export const toUserImport = (realm?: string): string => userImportPage.href({ realm });

export const usersFeature = defineFeature({ key: 'users', label: 'Users', icon: UserOutlined }, [
  usersPage.lazy(() => import('./UsersPage'), 'UsersPage'),
  userPage.lazy(() => import('./UserPage'), 'UserPage'),
  userImportPage.lazy(() => import('./ImportPage'), 'ImportPage'),
]);
