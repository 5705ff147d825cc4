import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { userApi, type GroupRef } from './api';

export interface GroupsTabProps {
  realm: string;
  id: string;
  readOnly: boolean;
}

export function GroupsTab({ realm, id, readOnly }: GroupsTabProps) {
  const groups = useLoader(() => userApi.groups(realm, id), [realm, id]);
  const [joining, setJoining] = useState(false);

  async function leave(g: GroupRef) {
    try {
      await userApi.leaveGroup(realm, id, g.id);
      notify.success(`Left group ${g.path}`);
      groups.reload();
    } catch (err) {
      notify.error(err);
    }
  }

  return (
    <Card
      title="Groups"
      extra={
        <Button type="primary" icon={<PlusOutlined aria-hidden />} disabled={readOnly} onClick={() => setJoining(true)}>
          Join group
        </Button>
      }
    >
      <ErrorAlert error={groups.error} onRetry={groups.reload} />
      <Table<GroupRef>
        size="small"
        rowKey="id"
        loading={groups.loading}
        dataSource={groups.data ?? []}
        pagination={false}
        locale={{ emptyText: 'Not a member of any group.' }}
        columns={[
          { title: 'Path', dataIndex: 'path' },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_, g) => (
              <Button
                size="small"
                danger
                disabled={readOnly}
                onClick={() => leave(g)}
                aria-label={`Leave group ${g.path}`}
              >
                Leave
              </Button>
            ),
          },
        ]}
      />
      <JoinGroupModal
        realm={realm}
        id={id}
        open={joining}
        member={new Set((groups.data ?? []).map((g) => g.id))}
        onClose={() => setJoining(false)}
        onJoined={() => {
          setJoining(false);
          groups.reload();
        }}
      />
    </Card>
  );
}

function JoinGroupModal({
  realm,
  id,
  open,
  member,
  onClose,
  onJoined,
}: {
  realm: string;
  id: string;
  open: boolean;
  member: Set<string>;
  onClose: () => void;
  onJoined: () => void;
}) {
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const found = useLoader(() => userApi.findGroups(realm, search), [realm, search, open], { enabled: open });

  async function join() {
    if (!selected) return;
    setBusy(true);
    setError(undefined);
    try {
      await userApi.joinGroup(realm, id, selected);
      notify.success('Joined group');
      setSelected(undefined);
      onJoined();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="Join group"
      okText="Join"
      okButtonProps={{ loading: busy, disabled: !selected }}
      onOk={join}
      onCancel={() => !busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={error ?? found.error} />
      <Select
        aria-label="Group to join"
        style={{ width: '100%' }}
        showSearch
        filterOption={false}
        onSearch={setSearch}
        loading={found.loading}
        value={selected}
        onChange={setSelected}
        placeholder="Search groups by name"
        options={(found.data ?? []).map((g) => ({ value: g.id, label: g.path, disabled: member.has(g.id) }))}
      />
    </Modal>
  );
}
