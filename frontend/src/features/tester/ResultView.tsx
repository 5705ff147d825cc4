import { CheckCircleFilled, CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Steps, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import type { DecodedToken, Result, Trace } from './api';
import { prettyBody, statusColor, upstreamHeaders } from './model';
import { TokenExpiry } from './TokenExpiry';

/** Everything one request produced: verdict, decision trace, upstream view, response, decoded token. */
export function ResultView({ result }: { result: Result }) {
  const trace = result.trace ?? undefined;
  return (
    <Flex vertical gap={16}>
      <Verdict result={result} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={12}>
          <Card size="small" title="Decision trace">
            <DecisionTrace trace={trace} />
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card size="small" title="Upstream received">
            <UpstreamView trace={trace} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`Response: HTTP ${result.response.status}`}>
        <ResponseView result={result} />
      </Card>
      <Card size="small" title="Token">
        {result.token ? (
          <TokenView token={result.token} />
        ) : result.session ? (
          <Typography.Text aria-label="Session identity">
            Browser session of {result.session.username || result.session.subject} (roles{' '}
            {result.session.roles.join(', ') || 'none'}), as the proxy identified it right after sign-in; its token
            stays in the cookie.
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">No bearer token was sent.</Typography.Text>
        )}
      </Card>
    </Flex>
  );
}

function Verdict({ result }: { result: Result }) {
  const surprises = result.surprises ?? [];
  const notes = result.notes ?? [];
  const exp = result.expectation;
  return (
    <section aria-label="Verdict">
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={statusColor(result.response.status)}>HTTP {result.response.status}</Tag>
        {result.trace && <Tag>{result.trace.decision}</Tag>}
        {result.trace?.via && result.trace.via !== 'none' && <Tag color="geekblue">via {result.trace.via}</Tag>}
        <Typography.Text>as {result.identity}</Typography.Text>
        <Typography.Text type="secondary">
          {result.sent.method} {result.sent.url.replace(/^https?:\/\/[^/]+/, '')} ·{' '}
          {result.upstream === 'echo' ? 'echo upstream' : "route's upstream"} · {result.response.durationMs.toFixed(1)}{' '}
          ms · request {result.requestId || '—'}
        </Typography.Text>
      </Space>
      {surprises.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={`${surprises.length} surprise${surprises.length > 1 ? 's' : ''}: the proxy did not keep the route's promise`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {exp && <li>Promise: {exp.promise}</li>}
              {surprises.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ul>
          }
        />
      ) : exp ? (
        <Alert type="success" showIcon title="As promised" description={exp.promise} />
      ) : null}
      {notes.map((n, i) => (
        <Alert key={i} type="info" showIcon title={n} style={{ marginTop: 8 }} />
      ))}
    </section>
  );
}

function DecisionTrace({ trace }: { trace: Trace | undefined }) {
  if (!trace) return <Empty description="The proxy kept no trace for this request." />;
  const held = new Set(trace.rolesHeld ?? []);
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'route',
            label: 'Route',
            children: trace.route ? (
              <span>
                <Typography.Text strong>{trace.route}</Typography.Text>{' '}
                <Typography.Text type="secondary">{trace.routeMatch}</Typography.Text>
              </span>
            ) : (
              <Typography.Text type="danger">no route matched</Typography.Text>
            ),
          },
          { key: 'mode', label: 'Mode', children: trace.mode || '—' },
          {
            key: 'roles',
            label: 'Roles required',
            children: trace.rolesRequired?.length
              ? trace.rolesRequired.map((r) => (
                  <Tag key={r} color={held.has(r) ? 'green' : 'red'}>
                    {r}
                  </Tag>
                ))
              : 'none',
          },
          {
            key: 'held',
            label: 'Roles held',
            children: trace.rolesHeld?.length ? trace.rolesHeld.map((r) => <Tag key={r}>{r}</Tag>) : 'none',
          },
          {
            key: 'decision',
            label: 'Decision',
            children: (
              <Space size={6} wrap>
                <Tag>{trace.decision}</Tag>
                {trace.reason}
              </Space>
            ),
          },
        ]}
      />
      <Steps
        orientation="vertical"
        size="small"
        aria-label="Decision steps"
        items={(trace.steps ?? []).map((s) => ({
          title: s.name,
          content: s.detail,
          status: s.ok ? 'finish' : 'error',
          icon: s.ok ? (
            <CheckCircleFilled style={{ color: '#52c41a' }} />
          ) : (
            <CloseCircleFilled style={{ color: '#ff4d4f' }} />
          ),
        }))}
      />
    </Flex>
  );
}

function UpstreamView({ trace }: { trace: Trace | undefined }) {
  const rows = upstreamHeaders(trace);
  const stripped = trace?.stripped ?? [];
  return (
    <Flex vertical gap={12}>
      {trace?.upstreamUrl ? (
        <Typography.Text code copyable>
          {trace.upstreamUrl}
        </Typography.Text>
      ) : (
        <Alert type="info" showIcon title="Not forwarded: the upstream received nothing." />
      )}
      {rows.length > 0 && (
        <DataTable
          label="Upstream headers"
          rowKey="name"
          rows={rows}
          tableProps={{
            onRow: (r) => ({ style: r.injected ? { background: 'rgba(22, 119, 255, 0.08)' } : undefined }),
          }}
          columns={[
            {
              title: 'Header',
              dataIndex: 'name',
              width: 190,
              // Header names never break inside a word: squeezed by a long value, they
              // used to stack one letter per line.
              render: (name: string, r) => (
                <Flex gap={4} wrap="wrap" align="center">
                  <Typography.Text strong={r.injected} style={{ whiteSpace: 'nowrap' }}>
                    {name}
                  </Typography.Text>
                  {r.injected && <Tag color="blue">injected</Tag>}
                </Flex>
              ),
            },
            {
              title: 'Value',
              dataIndex: 'value',
              render: (v: string) => <HeaderValue value={v} />,
            },
          ]}
        />
      )}
      <div>
        <Typography.Text type="secondary">Stripped from the incoming request: </Typography.Text>
        {stripped.length ? (
          stripped.map((h) => (
            <Tag key={h} icon={<WarningFilled />} color="orange">
              {h}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">none</Typography.Text>
        )}
      </div>
    </Flex>
  );
}

/** Values longer than this (a bearer token, a cookie jar) start folded. */
const foldAt = 120;

function HeaderValue({ value }: { value: string }) {
  const [open, setOpen] = useState(false);
  const folded = value.length > foldAt && !open;
  return (
    <Typography.Text style={{ wordBreak: 'break-all', fontFamily: 'monospace', fontSize: 12 }}>
      {folded ? `${value.slice(0, foldAt)}…` : value}
      {value.length > foldAt && (
        <Button
          type="link"
          size="small"
          style={{ paddingInline: 6, height: 'auto', fontSize: 12 }}
          onClick={() => setOpen(!open)}
        >
          {open ? 'show less' : `show all ${value.length} characters`}
        </Button>
      )}
    </Typography.Text>
  );
}

function ResponseView({ result }: { result: Result }) {
  const r = result.response;
  const headers = Object.entries(r.headers ?? {}).map(([name, v]) => ({ name, value: (v ?? []).join(', ') }));
  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'body',
          label: 'Body',
          children: r.binary ? (
            <Typography.Text type="secondary">Binary body, {r.size} bytes (not shown).</Typography.Text>
          ) : (
            <>
              <pre aria-label="Response body" style={{ maxHeight: 320, overflow: 'auto', margin: 0, fontSize: 12 }}>
                {prettyBody(r.body) || '(empty)'}
              </pre>
              {r.truncated && (
                <Typography.Text type="secondary">Showing the first 64 KiB of {r.size} bytes.</Typography.Text>
              )}
            </>
          ),
        },
        {
          key: 'headers',
          label: `Headers (${headers.length})`,
          children: (
            <DataTable
              rowKey="name"
              rows={headers}
              columns={[
                { title: 'Header', dataIndex: 'name' },
                { title: 'Value', dataIndex: 'value' },
              ]}
            />
          ),
        },
        {
          key: 'sent',
          label: 'Sent',
          children: (
            <pre style={{ margin: 0, fontSize: 12 }}>
              {`${result.sent.method} ${result.sent.url}\n`}
              {Object.entries(result.sent.headers ?? {}).map(([k, v]) => `${k}: ${(v ?? []).join(', ')}\n`)}
            </pre>
          ),
        },
      ]}
    />
  );
}

export function TokenView({ token }: { token: DecodedToken }) {
  return (
    <Flex vertical gap={8}>
      <Alert
        type="warning"
        showIcon
        title="Decoded without verification"
        description="These are the token's own claims. Only the decision trace says whether the proxy accepted it."
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'sub',
            label: 'Subject',
            children: token.subject ? (
              <Typography.Text copyable={{ text: token.subject, tooltips: ['Copy the subject', 'Copied'] }}>
                {token.username ? `${token.username} (${token.subject})` : token.subject}
              </Typography.Text>
            ) : (
              '—'
            ),
          },
          { key: 'iss', label: 'Issuer', children: token.issuer || '—' },
          { key: 'exp', label: 'Expires', children: <TokenExpiry expiresAt={token.expiresAt} /> },
          { key: 'alg', label: 'Algorithm', children: String(token.header?.alg ?? '—') },
          {
            key: 'realm',
            label: 'Realm roles',
            children: token.realmRoles?.length ? token.realmRoles.join(', ') : 'none',
          },
          {
            key: 'client',
            label: 'Client roles',
            children: token.clientRoles?.length ? token.clientRoles.join(', ') : 'none',
          },
        ]}
      />
      <Tabs
        size="small"
        items={[
          {
            key: 'claims',
            label: 'Claims',
            children: (
              <pre style={{ maxHeight: 320, overflow: 'auto', margin: 0, fontSize: 12 }}>
                {JSON.stringify(token.claims, null, 2)}
              </pre>
            ),
          },
          {
            key: 'header',
            label: 'Header',
            children: <pre style={{ margin: 0, fontSize: 12 }}>{JSON.stringify(token.header, null, 2)}</pre>,
          },
        ]}
      />
    </Flex>
  );
}
