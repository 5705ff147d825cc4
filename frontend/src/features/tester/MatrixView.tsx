import { Alert, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import type { MatrixResult, MatrixRow } from './api';
import { rowHasSurprise, statusColor } from './model';

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
      <Table<MatrixRow>
        aria-label="Matrix"
        size="small"
        pagination={false}
        rowKey="case"
        dataSource={matrix.rows ?? []}
        onRow={(r) =>
          ({
            'data-surprise': rowHasSurprise(r) ? 'true' : 'false',
            style: rowHasSurprise(r) ? { background: 'rgba(255, 77, 79, 0.08)' } : undefined,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: 'Identity',
            key: 'identity',
            render: (_, r) => (
              <div>
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
            render: (_, r) =>
              r.skipped || r.error ? null : (
                <Space size={4} wrap>
                  <Tag color={statusColor(r.status)}>HTTP {r.status}</Tag>
                  <Tooltip title={r.reason}>
                    <Tag>{r.decision || r.outcome}</Tag>
                  </Tooltip>
                </Space>
              ),
          },
          {
            title: 'Identity headers at the upstream',
            key: 'headers',
            render: (_, r) => {
              const h = Object.entries(r.identityHeaders ?? {});
              if (r.skipped || r.error) return null;
              if (!r.identityHeaders) return <Typography.Text type="secondary">not forwarded</Typography.Text>;
              if (h.length === 0) return <Typography.Text type="secondary">none</Typography.Text>;
              return h.map(([k, v]) => (
                <div key={k}>
                  <Typography.Text code style={{ fontSize: 12 }}>
                    {k}: {v}
                  </Typography.Text>
                </div>
              ));
            },
          },
          {
            title: 'Verdict',
            key: 'verdict',
            render: (_, r) => {
              if (r.skipped) return <Tag>skipped: {r.skipped}</Tag>;
              if (r.error) return <Typography.Text type="warning">{r.error}</Typography.Text>;
              if (rowHasSurprise(r))
                return (
                  <Flex vertical gap={4}>
                    <Tag color="red" style={{ alignSelf: 'flex-start' }}>
                      surprise
                    </Tag>
                    {r.surprises.map((s, i) => (
                      <Typography.Text key={i} type="danger" style={{ fontSize: 12 }}>
                        {s}
                      </Typography.Text>
                    ))}
                  </Flex>
                );
              return (
                <Flex vertical gap={4}>
                  <Tag color="green" style={{ alignSelf: 'flex-start' }}>
                    as promised
                  </Tag>
                  {(r.notes ?? []).map((n, i) => (
                    <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
                      {n}
                    </Typography.Text>
                  ))}
                </Flex>
              );
            },
          },
        ]}
      />
    </Flex>
  );
}
