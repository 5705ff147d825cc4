import { RoleMappingsPanel, type RoleMappingsSource } from '@/features/roles/RoleMappingsPanel';
import { userApi, type RoleRef } from './api';

export interface RolesTabProps {
  realm: string;
  id: string;
  readOnly: boolean;
}

/** A user's role mappings: also a client's service account, which is a user. */
export function RolesTab({ realm, id, readOnly }: RolesTabProps) {
  return (
    <RoleMappingsPanel
      source={userRoleSource(realm, id)}
      deps={[realm, id]}
      readOnly={readOnly}
      inheritedFrom="the user's groups or composite roles"
      inheritedTitle="Effective roles, also from groups and composite roles"
      inheritedNote="These come with the user's groups or with composite roles; remove them there."
      label={(r: RoleRef) => (r.clientId ? `${r.clientId} ${r.name}` : r.name)}
      optionLabel={(r: RoleRef) => (r.clientId ? `${r.clientId}: ${r.name}` : r.name)}
      confirmRemove={false}
      cardSize="default"
    />
  );
}

function userRoleSource(realm: string, id: string): RoleMappingsSource {
  return {
    load: () => userApi.roles(realm, id),
    availableRealm: () => userApi.availableRealmRoles(realm, id),
    availableClient: (search) => userApi.availableClientRoles(realm, id, search),
    assignRealm: (names) => userApi.assignRealmRoles(realm, id, names),
    removeRealm: (names) => userApi.removeRealmRoles(realm, id, names),
    assignClient: (clientUuid, names) => userApi.assignClientRoles(realm, id, clientUuid, names),
    removeClient: (clientUuid, names) => userApi.removeClientRoles(realm, id, clientUuid, names),
  };
}
