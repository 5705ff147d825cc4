import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { oneOf } from '@/lib/oneOf';
import type { TesterRoute } from './api';
import { methods, type RequestForm, type UpstreamChoice } from './model';

const upstreams: readonly UpstreamChoice[] = ['echo', 'route'];

export interface RequestPanelProps {
  route: TesterRoute | undefined;
  value: RequestForm;
  onChange: (next: RequestForm) => void;
}

/** Method, path, query, headers, body and where the request ends up. */
export function RequestPanel({ route, value, onChange }: RequestPanelProps) {
  const set = (patch: Partial<RequestForm>) => onChange({ ...value, ...patch });
  const setHeader = (i: number, patch: Partial<{ name: string; value: string }>) =>
    set({ headers: value.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  const hasBody = !['GET', 'HEAD'].includes(value.method);
  return (
    <div>
      <Form.Item label="Request" style={{ marginBottom: 8 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Select
            aria-label="Method"
            value={value.method}
            onChange={(method) => set({ method })}
            options={methods.map((m) => ({ value: m, label: m }))}
            style={{ width: 110 }}
          />
          <Input
            aria-label="Path"
            value={value.path}
            onChange={(e) => set({ path: e.target.value })}
            placeholder={route?.path ?? '/'}
            style={{ fontFamily: 'monospace' }}
          />
        </Space.Compact>
      </Form.Item>
      <Form.Item label="Query" style={{ marginBottom: 8 }}>
        <Input
          aria-label="Query"
          value={value.query}
          onChange={(e) => set({ query: e.target.value })}
          placeholder="a=1&b=2"
          style={{ fontFamily: 'monospace' }}
        />
      </Form.Item>
      <Form.Item label="Headers" style={{ marginBottom: 8 }}>
        <Flex vertical gap={4}>
          {value.headers.map((h, i) => (
            <Space.Compact key={i} style={{ width: '100%' }}>
              <Input
                aria-label={`Header ${i + 1} name`}
                value={h.name}
                placeholder="X-Header"
                onChange={(e) => setHeader(i, { name: e.target.value })}
                style={{ width: '40%' }}
              />
              <Input
                aria-label={`Header ${i + 1} value`}
                value={h.value}
                placeholder="value"
                onChange={(e) => setHeader(i, { value: e.target.value })}
              />
              <Button
                aria-label={`Remove header ${i + 1}`}
                icon={<DeleteOutlined />}
                onClick={() => set({ headers: value.headers.filter((_, j) => j !== i) })}
              />
            </Space.Compact>
          ))}
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => set({ headers: [...value.headers, { name: '', value: '' }] })}
            style={{ alignSelf: 'flex-start' }}
          >
            Add header
          </Button>
        </Flex>
      </Form.Item>
      {hasBody && (
        <Form.Item label="Body" style={{ marginBottom: 8 }}>
          <Input.TextArea
            aria-label="Body"
            rows={3}
            value={value.body}
            onChange={(e) => set({ body: e.target.value })}
            style={{ fontFamily: 'monospace' }}
          />
        </Form.Item>
      )}
      <Form.Item label="Upstream" style={{ marginBottom: 0 }}>
        <Radio.Group
          aria-label="Upstream"
          value={value.upstream}
          onChange={(e) => set({ upstream: oneOf(upstreams, e.target.value) ?? 'echo' })}
        >
          <Radio value="echo">Echo (shows what it received)</Radio>
          <Radio value="route">
            Route&apos;s own{' '}
            {route?.upstream && (
              <Typography.Text type="secondary" code>
                {route.upstream}
              </Typography.Text>
            )}
          </Radio>
        </Radio.Group>
      </Form.Item>
    </div>
  );
}
