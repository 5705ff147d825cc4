import { Descriptions, Drawer, Empty, Space, Tag, Typography } from 'antd';
import { useLoader } from '@/lib/useLoader';
import { decisionColor, proxyApi, type LogRecord, type RequestTrace } from './api';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const text = (v: string | undefined) => (v ? v : dash);

/**
 * One request log record in full (the table cuts the reason and names the caller briefly), with
 * the headers the proxy stripped and injected when it kept a trace of the request.
 */
export function RequestDrawer({ record, onClose }: { record?: LogRecord; onClose: () => void }) {
  const id = record?.request_id;
  const loaded = useLoader(async () => {
    if (!id) return undefined;
    // A failed read shows as "no trace kept".
    const trace = await proxyApi.trace(id).catch((): RequestTrace | undefined => undefined);
    return { id, trace };
  }, [id]);
  // The answer carries its id: while another record's trace loads, the last one is not shown for it.
  const kept = loaded.data?.id === id && loaded.data?.trace?.kept ? loaded.data.trace : undefined;

  return (
    <Drawer open={!!record} onClose={onClose} size={560} title="Request" destroyOnHidden>
      {record && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered aria-label="Request details">
            <Descriptions.Item label="Time">{new Date(record.time).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label="Request id">
              <Typography.Text copyable>{record.request_id}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="Method">{record.method}</Descriptions.Item>
            <Descriptions.Item label="Path">
              <Typography.Text code>{record.path}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="Route">{text(record.route)}</Descriptions.Item>
            <Descriptions.Item label="Mode">{text(record.mode)}</Descriptions.Item>
            <Descriptions.Item label="Decision">
              <Tag color={decisionColor(record.decision)}>{record.decision}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="Status">{record.status}</Descriptions.Item>
            <Descriptions.Item label="Latency">{record.latency_ms.toFixed(2)} ms</Descriptions.Item>
            <Descriptions.Item label="Via">{text(record.via)}</Descriptions.Item>
            <Descriptions.Item label="Client">{text(record.client)}</Descriptions.Item>
            <Descriptions.Item label="Subject">
              {record.subject ? <Typography.Text copyable>{record.subject}</Typography.Text> : dash}
            </Descriptions.Item>
            <Descriptions.Item label="User">{text(record.user)}</Descriptions.Item>
            <Descriptions.Item label="Reason">
              <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{text(record.reason)}</span>
            </Descriptions.Item>
          </Descriptions>
          {kept ? (
            <Descriptions column={1} size="small" bordered title="Headers" aria-label="Headers">
              <Descriptions.Item label="Stripped">
                {kept.stripped.length ? kept.stripped.map((h) => <Tag key={h}>{h}</Tag>) : dash}
              </Descriptions.Item>
              <Descriptions.Item label="Injected">
                {Object.keys(kept.injected).length ? (
                  <Space orientation="vertical" size={2}>
                    {Object.entries(kept.injected)
                      .sort(([a], [b]) => a.localeCompare(b))
                      .map(([h, v]) => (
                        <Typography.Text key={h} code>
                          {h}: {v}
                        </Typography.Text>
                      ))}
                  </Space>
                ) : (
                  dash
                )}
              </Descriptions.Item>
              {kept.upstreamUrl && <Descriptions.Item label="Upstream">{kept.upstreamUrl}</Descriptions.Item>}
            </Descriptions>
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description="No headers kept for this request: the proxy keeps the headers it stripped and injected only for traced requests, the most recent 256."
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
