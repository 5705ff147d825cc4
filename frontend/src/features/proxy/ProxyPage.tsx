import { PlayCircleOutlined, PoweroffOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Descriptions, Flex, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { AppEvent, useEvent } from '@/lib/events';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { toRoutes } from '@/features/routes/routes';
import { proxyApi, type LogRecord, type ProxyState, type Stats } from './api';
import { Limits } from './Limits';
import { SignInPanel } from './SignInPanel';
import { LogTable } from './LogTable';
import { TrafficChart } from './TrafficChart';

/** How many log rows the screen keeps. */
const keep = 2000;

/** Why Start is off for a profile whose routes would answer every request with 404. */
export const noRoutesWarning = 'This profile has no routes: every request will get 404.';

/** Proxy: run the embedded proxy on the active profile's routes and watch its traffic live. */
export function ProxyPage() {
  const [state, setState] = useState<ProxyState | undefined>(undefined);
  const [listen, setListen] = useState('');
  const [records, setRecords] = useState<LogRecord[]>([]);
  const [stats, setStats] = useState<Stats | undefined>(undefined);
  const [loadError, setLoadError] = useState<unknown>(undefined);

  async function refresh() {
    try {
      const st = await proxyApi.state();
      setState(st);
      setListen((l) => l || st.listen);
      setRecords(await proxyApi.recent(keep));
      setStats(await proxyApi.stats());
      setLoadError(undefined);
    } catch (err) {
      setLoadError(err);
    }
  }

  useEffect(() => {
    void refresh();
  }, []);

  useEvent(AppEvent.ProxyStatus, setState);
  useEvent(AppEvent.ProxyLog, (batch) => {
    if (batch.records?.length) setRecords((rs) => [...rs, ...batch.records].slice(-keep));
    setStats(batch.stats);
  });
  useEvent(AppEvent.ProfileSwitched, () => {
    setListen('');
    void refresh();
  });

  const start = useSubmit(async () => {
    const st = await proxyApi.start(listen.trim());
    // A new run starts a new log and chart; a failed start keeps both as they were.
    setRecords([]);
    setStats(undefined);
    setState(st);
    notify.success(`Proxy listening on ${st.status.addr}.`);
  });
  const stop = useSubmit(async () => {
    setState(await proxyApi.stop());
    setStats(await proxyApi.stats());
  });
  const busy = start.busy || stop.busy;
  // One failure on screen at a time: starting or stopping clears what the other one reported.
  const run = (action: typeof start, other: typeof stop) => {
    other.clearError();
    setLoadError(undefined);
    void action.run();
  };

  const running = state?.running ?? false;
  const noRoutes = !running && state !== undefined && state.routes === 0;
  const st = state?.status;
  return (
    <>
      <PageHeader
        title="Proxy"
        subtitle="Run the embedded auth proxy on this machine with the active profile's routes; watch the live request log and traffic."
        actions={
          <Space>
            <Input
              aria-label="Listen address"
              value={listen}
              onChange={(e) => setListen(e.target.value)}
              disabled={running}
              style={{ width: 200 }}
              // An empty field starts where the service offers: the profile's last address, the file's, or the default.
              placeholder={state?.listen}
            />
            {running ? (
              <Button danger icon={<PoweroffOutlined aria-hidden />} onClick={() => run(stop, start)} loading={busy}>
                Stop
              </Button>
            ) : (
              <Tooltip title={noRoutes ? noRoutesWarning : undefined}>
                <Button
                  type="primary"
                  icon={<PlayCircleOutlined aria-hidden />}
                  onClick={() => run(start, stop)}
                  loading={busy}
                  disabled={noRoutes}
                >
                  Start
                </Button>
              </Tooltip>
            )}
          </Space>
        }
      />
      <ErrorAlert error={start.error} title="The proxy did not start" />
      <ErrorAlert error={stop.error ?? loadError} />
      {noRoutes && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={noRoutesWarning}
          description={
            <>
              Add or enable a route on the <Link to={toRoutes()}>Routes</Link> screen first; Start stays off until then.
            </>
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }}>
          <Descriptions.Item label="State">
            <span aria-label="Proxy state">
              {running ? (
                <Badge status="processing" text={`listening on ${st?.addr}`} />
              ) : (
                <Badge status="default" text="stopped" />
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="Profile">{state?.profile || '—'}</Descriptions.Item>
          <Descriptions.Item label="Issuer">
            <Typography.Text code>{st?.issuer || '—'}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="Signing keys">
            {st?.keys?.length ? (
              st.keys.map((k) => (
                <Tag key={k} style={{ fontFamily: 'monospace' }}>
                  {k}
                </Tag>
              ))
            ) : (
              <Typography.Text type="secondary">{running ? 'none loaded yet' : '—'}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="Last JWKS refresh">
            {st?.lastRefresh && !st.lastRefresh.startsWith('0001') ? new Date(st.lastRefresh).toLocaleString() : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="JWKS fetches">{st?.jwksFetches ?? 0}</Descriptions.Item>
          <Descriptions.Item label="Last reload">
            <span aria-label="Last reload">
              {running && st?.lastReload ? (
                <Tooltip
                  title={
                    st.lastReload.ok
                      ? undefined
                      : st.lastReload.problems?.map((p) => p.message).join('; ') || st.lastReload.error
                  }
                >
                  <Badge
                    status={st.lastReload.ok ? 'success' : 'error'}
                    text={`${new Date(st.lastReload.time).toLocaleTimeString()}: ${
                      st.lastReload.ok
                        ? `applied (${st.lastReload.routes} routes)`
                        : 'refused, the previous routes still serve'
                    }`}
                  />
                </Tooltip>
              ) : (
                '—'
              )}
            </span>
          </Descriptions.Item>
        </Descriptions>
        <Limits limits={st?.limits} running={running} />
        {running && st?.lastError && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title="Identity provider"
            description={st.lastError}
          />
        )}
      </Card>
      <SignInPanel running={running} />
      <Card
        size="small"
        title="Traffic (last minute)"
        extra={!running && stats?.points?.length ? <Tag>stopped</Tag> : undefined}
        style={{ marginBottom: 16 }}
      >
        <TrafficChart stats={stats} running={running} />
      </Card>
      <Card size="small" title="Request log">
        <Flex vertical>
          <LogTable records={records} />
        </Flex>
      </Card>
    </>
  );
}
