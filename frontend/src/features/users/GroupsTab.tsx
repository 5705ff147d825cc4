import { PlusOutlined } from '@ant-design/icons';
import { Card, Select } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { DialogButton, type DialogProps } from '@/components/DialogButton';
import { removeColumn } from '@/components/RemoveButton';
import { SubmitModal } from '@/components/SubmitModal';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { userApi, type GroupRef } from './api';
import { useGroupSearch } from './GroupSelect';
import type { UserTabProps } from './userTab';

export function GroupsTab({ realm, id }: UserTabProps) {
  const groups = useLoader(() => userApi.groups(realm, id), [realm, id]);

  return (
    <Card
      title="Groups"
      extra={
        <DialogButton
          type="primary"
          icon={<PlusOutlined aria-hidden />}
          onDone={groups.reload}
          dialog={(d) => (
            <JoinGroupModal realm={realm} id={id} member={new Set((groups.data ?? []).map((g) => g.id))} {...d} />
          )}
        >
          Join group
        </DialogButton>
      }
    >
      <DataTable<GroupRef>
        rows={groups}
        rowKey="id"
        emptyText="Not a member of any group."
        columns={[
          { title: 'Path', dataIndex: 'path' },
          removeColumn((g) => ({
            label: `Leave group ${g.path}`,
            text: 'Leave',
            success: `Left group ${g.path}`,
            action: () => userApi.leaveGroup(realm, id, g.id),
            onDone: groups.reload,
          })),
        ]}
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
  onDone,
}: DialogProps & {
  realm: string;
  id: string;
  member: Set<string>;
}) {
  const [selected, setSelected] = useState<string>();
  const { found, selectProps } = useGroupSearch(realm, open);

  return (
    <SubmitModal
      open={open}
      title="Join group"
      okText="Join"
      canSubmit={!!selected}
      loadError={found.error}
      onSubmit={async () => {
        if (!selected) return;
        await userApi.joinGroup(realm, id, selected);
        notify.success('Joined group');
        setSelected(undefined);
        onDone();
      }}
      onClose={onClose}
    >
      <Select
        {...selectProps}
        aria-label="Group to join"
        value={selected}
        onChange={setSelected}
        options={(found.data ?? []).map((g) => ({ value: g.id, label: g.path, disabled: member.has(g.id) }))}
      />
    </SubmitModal>
  );
}
