import { Descriptions, Tag, Typography } from 'antd';
import type { LimitsStatus } from './api';

function bytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

/**
 * The limits the proxy enforces besides auth: each route's rate limits, the
 * connection timeouts, the header cap and the trusted proxies. They come from
 * the proxy's status, so they are the ones in force (a reload changes the rates
 * at once; the connection limits keep the values the listener started with).
 */
export function Limits({ limits, running }: { limits?: LimitsStatus; running: boolean }) {
  if (!limits) return null;
  const rates = limits.rates ?? [];
  const trusted = limits.trustedProxies ?? [];
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, lg: 3 }}
      title={<Typography.Text type="secondary">{running ? 'Limits in force' : 'Limits'}</Typography.Text>}
      style={{ marginTop: 12 }}
    >
      <Descriptions.Item label="Rate limits (per instance)" span={3}>
        <span aria-label="Rate limits">
          {rates.length ? (
            rates.map((r) => (
              <Tag key={r.route}>
                {r.route}:{' '}
                {[r.perIdentity && `${r.perIdentity} per identity`, r.anonymous && `${r.anonymous} per client address`]
                  .filter(Boolean)
                  .join(', ')}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">none: no route sets rate</Typography.Text>
          )}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label="Timeouts">
        <span aria-label="Timeouts">
          read header {limits.readHeaderTimeout} · idle {limits.idleTimeout} · upstream header{' '}
          {limits.upstreamHeaderTimeout}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label="Max header size">{bytes(limits.maxHeaderBytes)}</Descriptions.Item>
      <Descriptions.Item label="Trusted proxies">
        <span aria-label="Trusted proxies">
          {trusted.length ? (
            trusted.map((p) => (
              <Tag key={p} style={{ fontFamily: 'monospace' }}>
                {p}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">none: X-Forwarded-* always replaced</Typography.Text>
          )}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}
