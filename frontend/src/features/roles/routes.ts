import { SafetyCertificateOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

export type RoleTab = 'details' | 'composites' | 'users' | 'groups' | 'reach';

/**
 * The Roles screen: #/roles?realm=demo&client=UUID&role=NAME&tab=users.
 * Without client the realm roles are shown; with role its drawer is open.
 */
export const rolesPage = pageRoute('/roles', {
  realm: 'text',
  client: 'text',
  role: 'text',
  tab: ['details', 'composites', 'users', 'groups', 'reach'] satisfies RoleTab[],
});
export const rolesPath = rolesPage.path;

/** Link to the Roles screen, optionally for one realm or client, with a role's drawer open on a tab. */
export const toRoles = (values: { realm?: string; client?: string; role?: string; tab?: RoleTab } = {}): string =>
  rolesPage.href(values);

export const rolesFeature = defineFeature({ key: 'roles', label: 'Roles', icon: SafetyCertificateOutlined }, [
  rolesPage.lazy(() => import('./RolesPage'), 'RolesPage'),
]);
