import { SafetyCertificateOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const rolesPath = '/roles';

export type RoleTab = 'details' | 'composites' | 'users' | 'groups' | 'reach';

/**
 * Link to the Roles screen: #/roles?realm=demo&client=UUID&role=NAME&tab=users.
 * Without client the realm roles are shown; with role its drawer is open.
 */
export const toRoles = ({
  realm,
  client,
  role,
  tab,
}: { realm?: string; client?: string; role?: string; tab?: RoleTab } = {}): string => {
  const q = new URLSearchParams();
  if (realm) q.set('realm', realm);
  if (client) q.set('client', client);
  if (role) q.set('role', role);
  if (tab) q.set('tab', tab);
  const s = q.toString();
  return s ? `${rolesPath}?${s}` : rolesPath;
};

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
