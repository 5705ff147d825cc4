import { UserOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const usersPath = '/users';

/** Link to the Users screen (for <Link to> and navigate()). */
export const toUsers = (): string => usersPath;

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
  ],
});
