import { SafetyCertificateOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const rolesPath = '/roles';

/** Link to the Roles screen (for <Link to> and navigate()). */
export const toRoles = (): string => rolesPath;

export const rolesFeature = defineFeature({
  key: 'roles',
  label: 'Roles',
  icon: SafetyCertificateOutlined,
  path: rolesPath,
  routes: [
    {
      path: rolesPath,
      Component: lazyPage(
        () => import('./RolesPage'),
        (m) => m.RolesPage,
      ),
    },
  ],
});
