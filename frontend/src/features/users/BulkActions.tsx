import { Alert, Button, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmTyped } from '@/components/ConfirmTyped';
import { DataTable } from '@/components/DataTable';
import { OperationProgress } from '@/components/OperationProgress';
import { WriteButton } from '@/components/WriteButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useOperation } from '@/lib/useOperation';
import { useSubmit } from '@/lib/useSubmit';
import { userApi, type BulkAction, type BulkProgress, type BulkReport, type User } from './api';
import { GroupSelect } from './GroupSelect';

const done: Record<BulkAction, string> = {
  enable: 'enabled',
  disable: 'disabled',
  'join-group': 'added to the group',
  'sign-out': 'signed out',
  delete: 'deleted',
};

const statusColour: Record<string, string> = { ok: 'green', failed: 'red', 'not-run': 'orange' };

export interface BulkActionsProps {
  realm: string;
  /** The selected users, in the order they were selected. */
  selected: User[];
  /** Called once an action has run (the list may have changed): reload, clear the selection. */
  onDone: () => void;
}

/**
 * Actions on every selected user at once: enable, disable, add to a group, sign out, delete
 * (typed confirmation: the number of users). A running action shows its progress and can be
 * cancelled; the result lists each user.
 */
export function BulkActions({ realm, selected, onDone }: BulkActionsProps) {
  const readOnly = useReadOnly();
  const op = useOperation<BulkProgress>('bulk');
  const [result, setResult] = useState<{ action: BulkAction; users: User[]; report: BulkReport }>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [picking, setPicking] = useState(false);

  const n = selected.length;
  const users = n === 1 ? '1 user' : `${n} users`;

  // A failure of the whole run (not of one user) is notified; one action runs at a time.
  const bulk = useSubmit(
    async (action: BulkAction, groupId: string) => {
      const batch = selected;
      const opId = op.start({ kind: 'user-bulk', done: 0, total: batch.length, failed: 0 });
      const report = await userApi.bulk(
        opId,
        realm,
        batch.map((u) => u.id),
        action,
        groupId,
      );
      setResult({ action, users: batch, report });
      if (report.cancelled) notify.warning(`Cancelled: ${report.ok} ${done[action]}, ${report.notRun} not run`);
      else if (report.failed > 0) notify.warning(`${report.ok} ${done[action]}, ${report.failed} failed`);
      else notify.success(`${report.ok === 1 ? '1 user' : `${report.ok} users`} ${done[action]}`);
      onDone();
    },
    { notifyTitle: '' },
  );
  const run = (action: BulkAction, groupId = '') => void bulk.run(action, groupId);

  if (bulk.busy) {
    const { progress } = op;
    return (
      <OperationProgress
        layout="inline"
        label="Bulk action progress"
        percent={op.percent}
        detail={`${progress?.done ?? 0} of ${progress?.total ?? n} ${progress?.failed ? `(${progress.failed} failed)` : ''}`}
        onCancel={() => void userApi.cancelBulk(op.opId())}
      />
    );
  }

  return (
    <>
      {n > 0 && (
        <Space wrap aria-label="Bulk actions">
          <Typography.Text strong>{users} selected</Typography.Text>
          <WriteButton size="small" onClick={() => run('enable')}>
            Enable
          </WriteButton>
          <WriteButton size="small" onClick={() => run('disable')}>
            Disable
          </WriteButton>
          <WriteButton size="small" onClick={() => setPicking(true)}>
            Add to group
          </WriteButton>
          <Popconfirm
            title={`Sign out ${users}?`}
            description="Their sessions end now; access tokens already issued stay valid until they expire."
            okText="Sign out"
            onConfirm={() => run('sign-out')}
            disabled={readOnly}
          >
            <Button size="small" disabled={readOnly}>
              Sign out
            </Button>
          </Popconfirm>
          <WriteButton size="small" danger onClick={() => setConfirmDelete(true)}>
            Delete
          </WriteButton>
        </Space>
      )}
      <ConfirmTyped
        open={confirmDelete}
        title={`Delete ${users}`}
        okText="Delete"
        name={String(n)}
        onConfirm={() => {
          setConfirmDelete(false);
          run('delete');
        }}
        onClose={() => setConfirmDelete(false)}
      >
        {`This deletes ${users} from ${realm} with their credentials, sessions and role mappings. It cannot be undone. Type the number of users to confirm.`}
      </ConfirmTyped>
      <GroupPicker
        realm={realm}
        open={picking}
        users={users}
        onClose={() => setPicking(false)}
        onPick={(groupId) => {
          setPicking(false);
          run('join-group', groupId);
        }}
      />
      <Modal
        open={!!result}
        title={result && `Result: ${result.report.ok} ${done[result.action]}`}
        onCancel={() => setResult(undefined)}
        footer={<Button onClick={() => setResult(undefined)}>Close</Button>}
        width={640}
      >
        {result?.report.cancelled && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="Cancelled: users marked “ok” were changed, users marked “not-run” were not touched."
          />
        )}
        {result && (
          <DataTable
            rowKey="id"
            label="Bulk action results"
            pageSize={10}
            rows={result.report.results.map((r, i) => ({ ...r, username: result.users[i]?.username ?? r.id }))}
            columns={[
              { title: 'User', dataIndex: 'username' },
              {
                title: 'Result',
                dataIndex: 'status',
                render: (s: string) => <Tag color={statusColour[s]}>{s}</Tag>,
              },
              { title: 'Why', dataIndex: 'message' },
            ]}
          />
        )}
      </Modal>
    </>
  );
}

/** Picks the group to add the users to. */
function GroupPicker({
  realm,
  open,
  users,
  onClose,
  onPick,
}: {
  realm: string;
  open: boolean;
  users: string;
  onClose: () => void;
  onPick: (groupId: string) => void;
}) {
  const [chosen, setChosen] = useState<string>();
  return (
    <Modal
      open={open}
      title={`Add ${users} to a group`}
      okText="Add"
      okButtonProps={{ disabled: !chosen }}
      onOk={() => chosen && onPick(chosen)}
      onCancel={onClose}
      destroyOnHidden
    >
      <GroupSelect
        realm={realm}
        valueKey="id"
        aria-label="Group to add to"
        value={chosen}
        onChange={(v) => setChosen(typeof v === 'string' ? v : undefined)}
      />
    </Modal>
  );
}
