import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import type { Finding, Identity, LintResult } from './api';
import { testerApi } from './api';

const pageSize = 20;

/** Who can reach the route (role holders, paged) and what would make it not work as written. */
export function ReachPanel({
  route,
  identity,
  identityLabel,
}: {
  route: string;
  identity: Identity;
  identityLabel: string;
}) {
  const [page, setPage] = useState(0);
  const reach = useLoader(() => testerApi.reach(route, page * pageSize, pageSize), [route, page]);
  const [lint, setLint] = useState<LintResult | undefined>();
  const [fixed, setFixed] = useState<string | undefined>();

  const check = useSubmit(async () => {
    setFixed(undefined);
    setLint(undefined);
    setLint(await testerApi.lint(route, identity));
  });
  // Adds the mapper a finding offers, then shows the lint of a token obtained after it.
  const fix = useSubmit(async (f: Finding) => {
    if (!f.apply) return;
    check.clearError();
    setLint(await testerApi.applyFix(route, identity, f.apply));
    setFixed(`Mapper “${f.apply.name}” added to client ${f.apply.client}; the check below used a new token.`);
  });

  const r = reach.data;
  const members = r?.members;
  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={reach.error} onRetry={reach.reload} />
      {r && (
        <section aria-label="Who can reach">
          <Alert
            type={r.everyone ? 'info' : members && members.total === 0 ? 'warning' : 'success'}
            showIcon
            title={r.summary}
            style={{ marginBottom: 12 }}
          />
          <FindingList findings={r.findings ?? []} />
          {members && members.items.length > 0 && (
            // Paged on the server together with the summary above: one request answers both, so the
            // pager drives that request rather than DataTable's own loader.
            <Table
              aria-label="Role holders"
              size="small"
              rowKey="id"
              loading={reach.loading}
              dataSource={members.items}
              pagination={{
                current: page + 1,
                pageSize,
                total: members.total,
                showSizeChanger: false,
                showTotal: (t) => (members.estimated ? `more than ${t - 1}` : `${t} in all`),
                onChange: (p) => setPage(p - 1),
              }}
              columns={[
                {
                  title: 'User',
                  dataIndex: 'username',
                  render: (u: string, m) => (
                    <Space size={4}>
                      {u}
                      {m.serviceAccount && <Tag>service account</Tag>}
                      {!m.enabled && <Tag color="orange">disabled</Tag>}
                    </Space>
                  ),
                },
                { title: 'Email', dataIndex: 'email' },
                { title: 'Holds it through', dataIndex: 'via', render: (v: string) => v || 'a direct role' },
              ]}
            />
          )}
        </section>
      )}
      <section aria-label="Claim check">
        <Space wrap style={{ marginBottom: 8 }}>
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={check.busy}
            onClick={() => void check.run()}
            disabled={identity.kind === 'anonymous'}
          >
            Check claims with {identityLabel}&apos;s token
          </Button>
          <Typography.Text type="secondary">
            Gets a real token and lists the identity headers and roles it cannot serve, with the Keycloak mapper that
            would.
          </Typography.Text>
        </Space>
        <ErrorAlert error={check.error ?? fix.error} />
        {lint && (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              Decided from {lint.decidedFrom}.{' '}
              {lint.mappersKnown
                ? "The client's protocol mappers were read too."
                : `The client's mappers could not be read${lint.mappersError ? ` (${lint.mappersError})` : ''}; the advice names generic mapper types.`}
            </Typography.Paragraph>
            {lint.findings.length === 0 ? (
              <Alert type="success" showIcon title="The token carries every claim this route needs." />
            ) : (
              <FindingList findings={lint.findings} onApply={(f) => fix.run(f)} />
            )}
            {fixed && <Alert type="success" showIcon title={fixed} style={{ marginTop: 8 }} />}
            {fixed && lint.claims && (
              <details>
                <summary>The new token’s claims</summary>
                <pre aria-label="Token claims" style={{ fontSize: 12 }}>
                  {JSON.stringify(lint.claims, null, 2)}
                </pre>
              </details>
            )}
          </>
        )}
      </section>
    </Flex>
  );
}

function FindingList({ findings, onApply }: { findings: Finding[]; onApply?: (f: Finding) => Promise<unknown> }) {
  if (findings.length === 0) return null;
  return (
    <List
      size="small"
      bordered
      style={{ marginBottom: 12 }}
      dataSource={findings}
      renderItem={(f) => (
        <List.Item>
          <Flex vertical gap={2}>
            <Space size={6}>
              <Tag color={f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'orange' : 'blue'}>
                {f.severity}
              </Tag>
              <Typography.Text code>{f.subject}</Typography.Text>
              <Typography.Text>{f.message}</Typography.Text>
            </Space>
            {f.fix && <Typography.Text type="secondary">Fix: {f.fix}</Typography.Text>}
            {f.apply && onApply && <ApplyFixButton finding={f} onApply={onApply} />}
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** Adds the finding's mapper to its client; a read-only profile refuses it in Go. */
function ApplyFixButton({ finding, onApply }: { finding: Finding; onApply: (f: Finding) => Promise<unknown> }) {
  // Its own spinner: only the button pressed turns busy. The failure shows above the findings.
  const apply = useSubmit(() => onApply(finding));
  const fix = finding.apply;
  if (!fix) return null;
  return (
    <Button size="small" style={{ alignSelf: 'flex-start' }} loading={apply.busy} onClick={() => void apply.run()}>
      Add mapper {fix.type} to client {fix.client}
    </Button>
  );
}
