import { Alert, Button, Card, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { eventsApi } from '@/features/events/api';
import { toEvents } from '@/features/events/routes';
import { when } from '@/features/events/time';
import { failingPaths, mergeTimeline, type TimelineEntry } from '@/features/events/timeline';
import { decisionColor } from '@/features/proxy/api';
import { useLoader } from '@/lib/useLoader';
import type { UserTabProps } from './userTab';

/**
 * The user's Keycloak login events and the running proxy's decisions for the
 * same subject, newest first: why a user cannot reach a route, and since when.
 */
export function TimelineTab({ realm, id }: UserTabProps) {
  const loaded = useLoader(() => eventsApi.timeline(realm, id), [realm, id]);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const entries = useMemo(
    () => (loaded.data ? mergeTimeline(loaded.data.loginEvents, loaded.data.proxyRecords) : []),
    [loaded.data],
  );
  const failing = useMemo(() => failingPaths(entries), [entries]);
  const shown = problemsOnly ? entries.filter((e) => e.failed) : entries;
  const d = loaded.data;

  return (
    <Card
      title="Timeline"
      extra={
        <Space>
          <Switch checked={problemsOnly} onChange={setProblemsOnly} aria-label="Only failures" />
          Only failures
          <Button onClick={loaded.reload} loading={loaded.loading}>
            Refresh
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {d && !d.eventsEnabled && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              This realm does not save login events: only the proxy’s side is shown.{' '}
              <Link to={toEvents({ realm, tab: 'settings' })}>Turn them on</Link>
            </>
          }
        />
      )}
      {d && !d.proxyRunning && d.proxyRecords.length === 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="The proxy is not running: start it on the Proxy screen to see its decisions for this user here."
        />
      )}
      {failing.map((f) => (
        <Alert
          key={f.path}
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${f.path}: ${f.decision} since ${when(f.since)} (${f.requests} request${f.requests === 1 ? '' : 's'})${f.reason ? ` — ${f.reason}` : ''}`}
        />
      ))}
      <DataTable<TimelineEntry>
        rowKey="key"
        rows={{ data: shown, loading: loaded.loading }}
        pageSize={50}
        emptyText="Nothing yet: no login events and no proxy requests for this user."
        tableProps={{ onRow: (e) => (e.failed ? { style: { background: 'rgba(255, 77, 79, 0.08)' } } : {}) }}
        columns={[
          { title: 'Time', dataIndex: 'time', width: 190, render: when },
          {
            title: 'Source',
            dataIndex: 'source',
            width: 100,
            render: (s: TimelineEntry['source']) =>
              s === 'keycloak' ? <Tag>Keycloak</Tag> : <Tag color="blue">Proxy</Tag>,
          },
          {
            title: 'What',
            key: 'what',
            render: (_, e) =>
              e.source === 'keycloak' ? (
                <Tag color={e.failed ? 'red' : 'green'}>{e.event.type}</Tag>
              ) : (
                <Space size={4}>
                  <Tag color={decisionColor(e.record.decision)}>{e.record.decision}</Tag>
                  <Typography.Text code>
                    {e.record.method} {e.record.path}
                  </Typography.Text>
                  <span>{e.record.status}</span>
                </Space>
              ),
          },
          {
            title: 'Detail',
            key: 'detail',
            render: (_, e) =>
              e.source === 'keycloak' ? (
                <Space size={4}>
                  {e.event.error && <Typography.Text type="danger">{e.event.error}</Typography.Text>}
                  <span>{e.event.clientId}</span>
                  <Typography.Text type="secondary">{e.event.ipAddress}</Typography.Text>
                </Space>
              ) : (
                <Space size={4}>
                  {e.record.reason && (
                    <Typography.Text type={e.failed ? 'danger' : undefined}>{e.record.reason}</Typography.Text>
                  )}
                  <Typography.Text type="secondary">route {e.record.route || '—'}</Typography.Text>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
