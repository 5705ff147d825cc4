import { DeleteOutlined, EditOutlined, FolderAddOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Row, Space, Tabs, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { ErrorAlert } from '@/components/ErrorAlert';
import { RealmPageHeader } from '@/components/RealmPageHeader';
import { WriteButton } from '@/components/WriteButton';
import { useActiveRealm } from '@/features/realms/useActiveRealm';
import { holderRoleSource, RoleMappingsPanel } from '@/features/roles/RoleMappingsPanel';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { groupApi } from './api';
import { GroupNameModal } from './GroupNameModal';
import { GroupTree, type GroupTreeHandle } from './GroupTree';
import { MembersTab } from './MembersTab';
import { groupsPage, type GroupTab } from './routes';

type Dialog = 'create' | 'createChild' | 'rename' | 'delete' | undefined;

export function GroupsPage() {
  const [params, setParams] = useSearchParams();
  const active = useActiveRealm(params.get('realm') ?? undefined);
  const { realm } = active;
  const groupId = params.get('group') ?? undefined;
  const tab = groupsPage.read(params).tab ?? 'members';
  const tree = useRef<GroupTreeHandle>(null);
  const [dialog, setDialog] = useState<Dialog>();

  const selected = useLoader(() => groupApi.get(realm!, groupId!), [realm, groupId], { enabled: !!realm && !!groupId });
  const group = groupId ? selected.data : undefined;

  const navigate = (next: { realm?: string; group?: string; tab?: GroupTab }) => {
    const q: Record<string, string> = {};
    const r = next.realm ?? realm;
    if (r) q.realm = r;
    if (next.group) q.group = next.group;
    if (next.group && next.tab) q.tab = next.tab;
    setParams(q);
  };

  return (
    <>
      <RealmPageHeader
        title="Groups"
        subtitle="The group tree of a realm: members, and the roles a group gives its members and its subgroups' members."
        active={active}
        create={{ label: 'Create group', onClick: () => setDialog('create') }}
      />
      {realm && (
        <Row gutter={16} align="top">
          <Col xs={24} lg={9}>
            <Card size="small" title="Group tree">
              <GroupTree
                ref={tree}
                realm={realm}
                selectedId={groupId}
                onSelect={(g) => navigate({ group: g.id, tab })}
              />
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            <Card
              size="small"
              title={group ? <Typography.Text strong>{group.path}</Typography.Text> : 'No group selected'}
              extra={
                group && (
                  <Space wrap>
                    <WriteButton
                      size="small"
                      icon={<FolderAddOutlined aria-hidden />}
                      onClick={() => setDialog('createChild')}
                    >
                      New subgroup
                    </WriteButton>
                    <WriteButton size="small" icon={<EditOutlined aria-hidden />} onClick={() => setDialog('rename')}>
                      Rename
                    </WriteButton>
                    <WriteButton
                      size="small"
                      danger
                      icon={<DeleteOutlined aria-hidden />}
                      onClick={() => setDialog('delete')}
                    >
                      Delete
                    </WriteButton>
                  </Space>
                )
              }
            >
              <ErrorAlert error={groupId ? selected.error : undefined} onRetry={selected.reload} />
              {group ? (
                <Tabs
                  activeKey={tab}
                  onChange={(k) =>
                    navigate({ group: group.id, tab: groupsPage.read(new URLSearchParams({ tab: k })).tab })
                  }
                  items={[
                    {
                      key: 'members',
                      label: 'Members',
                      children: <MembersTab realm={realm} group={group} />,
                    },
                    {
                      key: 'roles',
                      label: 'Role mappings',
                      children: (
                        <RoleMappingsPanel
                          source={holderRoleSource(groupApi, realm, group.id)}
                          deps={[realm, group.id]}
                          inheritedFrom="parent groups and composite roles"
                        />
                      ),
                    },
                  ]}
                />
              ) : (
                !selected.loading && <Empty description="Choose a group in the tree to see its members and roles." />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {realm && (
        <>
          <GroupNameModal
            open={dialog === 'create'}
            title="Create top-level group"
            okText="Create"
            onClose={() => setDialog(undefined)}
            onSubmit={async (name) => {
              const g = await groupApi.create(realm, '', name);
              notify.success(`Group ${g.path} created`);
              tree.current?.reloadChildren('');
              navigate({ group: g.id, tab: 'members' });
            }}
          />
          {group && (
            <>
              <GroupNameModal
                open={dialog === 'createChild'}
                title={`Create subgroup of ${group.path}`}
                okText="Create"
                onClose={() => setDialog(undefined)}
                onSubmit={async (name) => {
                  const g = await groupApi.create(realm, group.id, name);
                  notify.success(`Group ${g.path} created`);
                  tree.current?.reloadChildren(group.id);
                  navigate({ group: g.id, tab: 'members' });
                }}
              />
              <GroupNameModal
                open={dialog === 'rename'}
                title={`Rename ${group.path}`}
                okText="Rename"
                initialName={group.name}
                onClose={() => setDialog(undefined)}
                onSubmit={async (name) => {
                  await groupApi.rename(realm, group.id, name);
                  notify.success(`Group renamed to ${name}`);
                  selected.reload();
                  tree.current?.reloadAll();
                }}
              />
              <ConfirmDelete
                open={dialog === 'delete'}
                kind="group"
                name={group.name}
                onClose={() => setDialog(undefined)}
                onConfirm={async () => {
                  await groupApi.remove(realm, group.id, group.name);
                  notify.success(`Group ${group.path} deleted`);
                  tree.current?.reloadAll();
                  navigate({});
                }}
              >
                Its subgroups are deleted too; its members stay users but lose the roles it gave them.
              </ConfirmDelete>
            </>
          )}
        </>
      )}
    </>
  );
}
