import { UserOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const usersPath = '/users';

export type UserTab = 'details' | 'attributes' | 'credentials' | 'roles' | 'groups' | 'sessions' | 'timeline';

/** Link to the Users screen, optionally for one realm. */
export const toUsers = (realm?: string): string =>
  realm ? `${usersPath}?realm=${encodeURIComponent(realm)}` : usersPath;

/** Link to a user's detail page: #/users/:realm/:id/:tab. */
export const toUser = ({ realm, id, tab = 'details' }: { realm: string; id: string; tab?: UserTab }): string =>
  `${usersPath}/${encodeURIComponent(realm)}/${encodeURIComponent(id)}/${tab}`;

/** Link to the CSV import screen for a realm. */
export const toUserImport = (realm?: string): string =>
  realm ? `/users-import?realm=${encodeURIComponent(realm)}` : '/users-import';

export const usersFeature = defineFeature({
  key: 'users',
  label: 'Users',
  icon: UserOutlined,
  path: usersPath,
  routes: [
    {
      path: usersPath,
      Component: lazyPage(
        () => import('./UsersPage'),
        (m) => m.UsersPage,
      ),
    },
    {
      path: `${usersPath}/:realm/:id/:tab?`,
      Component: lazyPage(
        () => import('./UserPage'),
        (m) => m.UserPage,
      ),
    },
    {
      path: '/users-import',
      Component: lazyPage(
        () => import('./ImportPage'),
        (m) => m.ImportPage,
      ),
    },
  ],
});
