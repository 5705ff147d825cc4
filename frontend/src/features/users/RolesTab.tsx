import { Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { holderRoleSource, RoleMappingsPanel, type RoleMappingsSource } from '@/features/roles/RoleMappingsPanel';
import { userApi, type RoleRef, type RoleSource } from './api';
import type { UserTabProps } from './userTab';

/**
 * A user's role mappings (also a client's service account, which is a user), each effective
 * role with where it comes from: assigned directly, a group (by path), or a composite role
 * that contains it; often several.
 */
export function RolesTab({ realm, id }: UserTabProps) {
  // Filled by each load, read by the From column: the sources load with the mappings, so an
  // assign or remove refreshes both. One map for the tab's life, which the loader fills in place.
  const [sources] = useState(() => new Map<string, RoleSource[]>());
  return (
    <RoleMappingsPanel
      source={userRoleSource(realm, id, sources)}
      deps={[realm, id]}
      inheritedFrom="the user's groups or composite roles"
      inheritedTitle="Effective roles, also from groups and composite roles"
      inheritedNote="These come with the user's groups or with composite roles; remove them there."
      label={(r: RoleRef) => (r.clientId ? `${r.clientId} ${r.name}` : r.name)}
      optionLabel={(r: RoleRef) => (r.clientId ? `${r.clientId}: ${r.name}` : r.name)}
      confirmRemove={false}
      cardSize="default"
      sourceOf={(r) => <RoleSources sources={sources.get(r.id) ?? []} />}
    />
  );
}

/** The reasons a user holds a role, one tag each. */
export function RoleSources({ sources }: { sources: RoleSource[] }) {
  if (sources.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap>
      {sources.map((s) => {
        switch (s.kind) {
          case 'direct':
            return <Tag key="direct">direct</Tag>;
          case 'group':
            return (
              <Tooltip
                key={`g${s.group}`}
                title="A role of this group (or of a group above the user's) reaches its members"
              >
                <Tag color="blue">group {s.group}</Tag>
              </Tooltip>
            );
          default:
            return (
              <Tooltip key={`c${s.role}`} title={`Contained in the composite role ${s.role}`}>
                <Tag color="purple">via {s.role}</Tag>
              </Tooltip>
            );
        }
      })}
    </Space>
  );
}

/** The user's role mappings; each load also fills `sources`, where every effective role comes from. */
function userRoleSource(realm: string, id: string, sources: Map<string, RoleSource[]>): RoleMappingsSource {
  return {
    ...holderRoleSource(userApi, realm, id),
    load: async () => {
      const [roles, effective] = await Promise.all([userApi.roles(realm, id), userApi.effectiveRoles(realm, id)]);
      sources.clear();
      for (const e of effective) sources.set(e.role.id, e.sources);
      return roles;
    },
  };
}
