import { Flex, Input, Select, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { decisionColor, decisions, type LogRecord } from './api';
import { RequestDrawer } from './RequestDrawer';

const decisionNames = decisions.map((d) => d.value);

/** The look of a filter above the log: its name, what it shows unset, and its choices. */
function filterBox(label: string, placeholder: string, minWidth: number, choices: readonly string[]) {
  return {
    allowClear: true,
    'aria-label': label,
    placeholder,
    style: { minWidth },
    options: choices.map((c) => ({ value: c, label: c })),
  };
}

/** What an empty cell shows. */
const none = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * The live request log, newest first, filtered on the client by decision,
 * route and caller (username or subject). Rows arrive in batches from
 * proxy:log; a row opens into the full record.
 */
export function LogTable({ records }: { records: LogRecord[] }) {
  const [decision, setDecision] = useState<string[]>([]);
  const [route, setRoute] = useState<string | undefined>(undefined);
  const [caller, setCaller] = useState('');
  const [open, setOpen] = useState<LogRecord>();

  const routes = useMemo(() => [...new Set(records.map((r) => r.route).filter(Boolean))].sort(), [records]);
  const rows = useMemo(() => {
    const q = caller.trim().toLowerCase();
    return records
      .filter(
        (r) =>
          (decision.length === 0 || decision.includes(r.decision)) &&
          (!route || r.route === route) &&
          (!q || (r.user ?? '').toLowerCase().includes(q) || (r.subject ?? '').toLowerCase().includes(q)),
      )
      .slice()
      .reverse();
  }, [records, decision, route, caller]);

  const columns: TableColumnsType<LogRecord> = [
    {
      title: 'Time',
      dataIndex: 'time',
      width: 100,
      render: (t: string) => new Date(t).toLocaleTimeString([], { hour12: false }),
    },
    { title: 'Method', dataIndex: 'method', width: 80 },
    { title: 'Path', dataIndex: 'path', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
    {
      title: 'Route',
      dataIndex: 'route',
      render: (r: string) => r || none,
    },
    {
      title: 'Decision',
      dataIndex: 'decision',
      render: (d: string) => <Tag color={decisionColor(d)}>{d}</Tag>,
    },
    { title: 'Status', dataIndex: 'status', width: 70 },
    {
      title: 'Latency',
      dataIndex: 'latency_ms',
      width: 90,
      align: 'right',
      render: (ms: number) => `${ms.toFixed(2)} ms`,
    },
    {
      title: 'User',
      dataIndex: 'user',
      ellipsis: true,
      // The username reads at a glance; the subject, which the upstream gets as the user's id, on hover.
      render: (user: string, r) =>
        r.subject ? (
          <Tooltip title={`sub ${r.subject}`}>
            <span>{user || r.subject}</span>
          </Tooltip>
        ) : (
          none
        ),
    },
    { title: 'Reason', dataIndex: 'reason', ellipsis: true },
  ];

  return (
    <>
      <Flex gap={8} wrap="wrap" style={{ marginBottom: 8 }}>
        <Select
          mode="multiple"
          {...filterBox('Filter by decision', 'Any decision', 220, decisionNames)}
          value={decision}
          onChange={setDecision}
        />
        <Select {...filterBox('Filter by route', 'Any route', 160, routes)} value={route} onChange={setRoute} />
        <Input.Search
          aria-label="Filter by user or subject"
          placeholder="User or subject"
          allowClear
          style={{ maxWidth: 260 }}
          value={caller}
          onChange={(e) => setCaller(e.target.value)}
        />
        <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
          {rows.length} of {records.length} requests
        </Typography.Text>
      </Flex>
      <DataTable<LogRecord>
        label="Request log"
        columns={columns}
        rows={rows}
        rowKey="request_id"
        pageSize={50}
        emptyText={records.length === 0 ? 'No requests yet' : 'No request matches'}
        tableProps={{
          onRow: (r) => ({
            onClick: () => setOpen(r),
            onKeyDown: (e) => e.key === 'Enter' && setOpen(r),
            tabIndex: 0,
            style: { cursor: 'pointer' },
          }),
        }}
      />
      <RequestDrawer record={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
