import { Alert, Flex, Space, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { DataTable } from '@/components/DataTable';
import type { MatrixResult, MatrixRow } from './api';
import { rowHasSurprise, statusColor } from './model';
import { Verdict } from './Verdict';

function hasIdentityHeaders(r: MatrixRow): boolean {
  return !r.skipped && !r.error && Object.keys(r.identityHeaders ?? {}).length > 0;
}

/** What the upstream got to know about the caller on one matrix row. */
function UpstreamIdentity({ headers }: { headers: Record<string, string> }) {
  return (
    <Flex gap={6} wrap="wrap" align="baseline" style={{ paddingInlineStart: 4 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        Upstream received
      </Typography.Text>
      {Object.entries(headers)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => (
          <Typography.Text key={k} code style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {k}: {v}
          </Typography.Text>
        ))}
    </Flex>
  );
}

/** The five identities against one route, each next to the route's promise; surprises in red. */
export function MatrixView({ matrix }: { matrix: MatrixResult }) {
  const setup = matrix.setup ?? [];
  return (
    <Flex vertical gap={12}>
      <Space wrap>
        <Typography.Text strong>Route {matrix.route}</Typography.Text>
        <Tag>{matrix.mode}</Tag>
        {matrix.roles?.length ? (
          <Typography.Text type="secondary">any of {matrix.roles.join(', ')}</Typography.Text>
        ) : null}
        {matrix.surprises > 0 ? (
          <Tag color="red">
            {matrix.surprises} surprise{matrix.surprises > 1 ? 's' : ''}
          </Tag>
        ) : matrix.errors === 0 ? (
          <Tag color="green">every outcome as promised</Tag>
        ) : null}
        {matrix.errors > 0 && (
          <Tag color="orange">
            {matrix.errors} row{matrix.errors > 1 ? 's' : ''} could not run
          </Tag>
        )}
      </Space>
      {setup.map((s, i) => (
        <Alert key={i} type="warning" showIcon title={s} />
      ))}
      <DataTable<MatrixRow>
        label="Matrix"
        rowKey="case"
        rows={matrix.rows ?? []}
        tableProps={{
          onRow: (r) => {
            const attrs: HTMLAttributes<HTMLElement> & { 'data-surprise': string } = {
              'data-surprise': rowHasSurprise(r) ? 'true' : 'false',
              style: rowHasSurprise(r) ? { background: 'rgba(255, 77, 79, 0.08)' } : undefined,
            };
            return attrs;
          },
          // The identity headers get a full-width line under their row: squeezed into a column,
          // a user id or a role list broke into one character per line.
          expandable: {
            expandedRowKeys: (matrix.rows ?? []).filter(hasIdentityHeaders).map((r) => r.case),
            rowExpandable: hasIdentityHeaders,
            showExpandColumn: false,
            expandedRowRender: (r) => <UpstreamIdentity headers={r.identityHeaders} />,
          },
        }}
        columns={[
          {
            title: 'Identity',
            key: 'identity',
            width: 140,
            render: (_, r) => (
              <div style={{ overflowWrap: 'normal', wordBreak: 'normal' }}>
                <Typography.Text strong>{r.label}</Typography.Text>
                {r.identity && r.identity.toLowerCase() !== r.label.toLowerCase() && (
                  <div>
                    <Typography.Text type="secondary">{r.identity}</Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          { title: 'Promise', key: 'promise', render: (_, r) => r.expectation?.promise ?? '—' },
          {
            title: 'Outcome',
            key: 'outcome',
            width: 130,
            render: (_, r) =>
              r.skipped || r.error ? null : (
                <Flex vertical gap={2} align="flex-start">
                  <Space size={4} wrap>
                    <Tag color={statusColor(r.status)}>HTTP {r.status}</Tag>
                    <Tooltip title={r.reason}>
                      <Tag>{r.decision || r.outcome}</Tag>
                    </Tooltip>
                  </Space>
                  {/* Not forwarded goes without saying next to a 401 or 403; an empty set is the news. */}
                  {r.identityHeaders && Object.keys(r.identityHeaders).length === 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      forwarded, no identity headers
                    </Typography.Text>
                  )}
                </Flex>
              ),
          },
          {
            title: 'Verdict',
            key: 'verdict',
            width: 120,
            render: (_, r) => {
              if (r.skipped) return <Tag>skipped: {r.skipped}</Tag>;
              if (r.error) return <Typography.Text type="warning">{r.error}</Typography.Text>;
              if (rowHasSurprise(r))
                return <Verdict label="surprise" color="red" lines={r.surprises} lineType="danger" />;
              return <Verdict label="as promised" color="green" lines={r.notes ?? []} lineType="secondary" />;
            },
          },
        ]}
      />
    </Flex>
  );
}
