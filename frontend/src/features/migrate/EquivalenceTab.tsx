import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { testerApi } from '@/features/tester/api';
import { useSubmit } from '@/lib/useSubmit';
import { migrateApi, type EquivalenceReport, type EquivalenceRow, type RulesInput } from './api';
import { equivalenceTotals, headersText, rowOutcome, userIdentity } from './model';

export interface EquivalenceTabProps {
  /** The rules last imported; undefined until an import in this window. */
  rules: RulesInput | undefined;
}

/**
 * The imported rules' routes, each through the matrix on the tester's own
 * proxy (echo upstream), next to what Oathkeeper did instead.
 */
export function EquivalenceTab({ rules }: EquivalenceTabProps) {
  const [users, setUsers] = useState({ valid: '', validPassword: '', lacking: '', lackingPassword: '', client: 'web' });
  const [report, setReport] = useState<EquivalenceReport>();
  const running = useSubmit(async (chosen: RulesInput) =>
    setReport(
      await migrateApi.equivalence(
        chosen,
        userIdentity(users.valid, users.validPassword, users.client),
        userIdentity(users.lacking, users.lackingPassword, users.client),
      ),
    ),
  );

  useEffect(() => {
    // The Local profile's demo users, as the Tester fills them in.
    testerApi.setup().then(
      (s) => {
        const h = s.hints;
        setUsers((u) =>
          h
            ? {
                valid: h.validUser,
                validPassword: h.validPassword,
                lacking: h.lackingUser,
                lackingPassword: h.lackingPassword,
                client: s.client,
              }
            : { ...u, client: s.client || u.client },
        );
      },
      () => undefined, // without a setup the fields stay empty; running says why
    );
  }, []);

  if (!rules) {
    return <Empty description="Import Oathkeeper rules first: the report tests the routes they became." />;
  }

  const field = (key: keyof typeof users, label: string, secret = false) => {
    const Comp = secret ? Input.Password : Input;
    return (
      <Form.Item label={label} style={{ marginBottom: 8 }}>
        <Comp
          aria-label={label}
          value={users[key]}
          style={{ width: 170 }}
          onChange={(e) => setUsers({ ...users, [key]: e.target.value })}
        />
      </Form.Item>
    );
  };

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">
          Each imported rule&apos;s route gets the five requests of the Tester&apos;s matrix through the tester&apos;s
          own proxy, sent to the echo upstream (no request reaches your services). Each row says what Tandem did and,
          where it differs, what Oathkeeper did.
        </Typography.Paragraph>
        <Form layout="inline">
          {field('valid', 'User holding the roles')}
          {field('validPassword', 'Their password', true)}
          {field('lacking', 'User lacking them')}
          {field('lackingPassword', 'Password', true)}
          {field('client', 'Client')}
        </Form>
        <Button
          type="primary"
          icon={<PlayCircleOutlined aria-hidden />}
          onClick={() => void running.run(rules)}
          loading={running.busy}
          style={{ marginTop: 8 }}
        >
          Run equivalence report
        </Button>
      </Card>
      <ErrorAlert error={running.error} />
      {report && (
        <>
          <Alert
            type={report.differences ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 16 }}
            title={equivalenceTotals(report)}
          />
          {report.rules.map((r) => (
            <Card
              key={r.ruleId}
              size="small"
              style={{ marginBottom: 16 }}
              title={
                <Space>
                  <span>Rule {r.ruleId}</span>
                  {r.route && <Typography.Text type="secondary">route {r.route}</Typography.Text>}
                  {r.mode && <Tag>{r.mode}</Tag>}
                  {r.path && <Typography.Text code>{r.path}</Typography.Text>}
                </Space>
              }
            >
              {r.skipped ? (
                <Typography.Text type="secondary">Not tested: {r.skipped}</Typography.Text>
              ) : (
                <DataTable<EquivalenceRow>
                  rowKey="case"
                  rows={r.rows}
                  columns={[
                    { title: 'Request', dataIndex: 'label' },
                    { title: 'Tandem', key: 'tandem', render: (_, row) => rowOutcome(row) },
                    {
                      title: 'Upstream got',
                      key: 'headers',
                      render: (_, row) => (row.skipped || row.error ? '' : headersText(row.identityHeaders)),
                    },
                    {
                      title: 'Oathkeeper',
                      key: 'oathkeeper',
                      render: (_, row) =>
                        row.oathkeeper.length ? (
                          <Differences of={row.oathkeeper} />
                        ) : row.skipped || row.error ? (
                          ''
                        ) : (
                          <Typography.Text type="secondary">the same</Typography.Text>
                        ),
                    },
                  ]}
                />
              )}
              {r.differences.length > 0 && (
                <>
                  <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
                    Also different from Oathkeeper
                  </Typography.Text>
                  <Differences of={r.differences} />
                </>
              )}
              {r.setup.length > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {r.setup.join(' ')}
                </Typography.Paragraph>
              )}
            </Card>
          ))}
        </>
      )}
    </>
  );
}

/** What Oathkeeper did differently, each with its code. */
function Differences({ of }: { of: { code: string; text: string }[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
      {of.map((d, i) => (
        <li key={i}>
          <Tag color="orange">{d.code}</Tag>
          {d.text}
        </li>
      ))}
    </ul>
  );
}
