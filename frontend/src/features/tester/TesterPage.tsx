import { ExperimentOutlined, SaveOutlined, SendOutlined, TableOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Form, Row, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { LabeledInput } from '@/components/LabeledInput';
import { PageHeader } from '@/components/PageHeader';
import { onOneOf } from '@/lib/oneOf';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import type { TesterSetup } from './api';
import { testerApi } from './api';
import { CasesPanel, SaveCaseModal } from './CasesPanel';
import { IdentityPanel } from './IdentityPanel';
import { MatrixView } from './MatrixView';
import { describeRoute, matrixIdentities, toIdentity, toRequest, type IdentityForm, type MatrixUsers } from './model';
import { ReachPanel } from './ReachPanel';
import { RequestPanel } from './RequestPanel';
import { ResultView } from './ResultView';
import {
  answerTabs,
  initialWorkbench,
  type AnswerTab,
  knownSecrets,
  workbenchReducer,
  type WorkbenchAction,
  type WorkbenchState,
} from './workbench';

const subtitle =
  'Send a request through the proxy as a chosen user and see the decision and the headers the upstream received.';

export function TesterPage() {
  const setup = useLoader(() => testerApi.setup(), []);
  if (setup.error) {
    return (
      <>
        <PageHeader title="Tester" subtitle={subtitle} />
        <ErrorAlert error={setup.error} onRetry={setup.reload} />
      </>
    );
  }
  if (!setup.data) {
    return (
      <>
        <PageHeader title="Tester" subtitle={subtitle} />
        <Skeleton active />
      </>
    );
  }
  if (setup.data.routes.length === 0) {
    return (
      <>
        <PageHeader title="Tester" subtitle={subtitle} />
        {setup.data.readOnly ? (
          <Empty
            description={`Profile “${setup.data.profile}” has no routes, and it is read-only, so none can be added. Turn read-only off for a moment in Profiles to add or import routes, or switch to another profile.`}
          >
            <Link to="/profiles">Open Profiles</Link>
          </Empty>
        ) : (
          <Empty description={`Profile “${setup.data.profile}” has no routes yet.`}>
            <Link to="/routes">Add a route</Link>
          </Empty>
        )}
      </>
    );
  }
  return <Workbench setup={setup.data} />;
}

/** The four inputs of the matrix users, as label, accessible name, field and placeholder. */
const matrixUserFields: {
  label: string;
  name: string;
  key: keyof MatrixUsers;
  placeholder?: string;
  secret?: boolean;
}[] = [
  { label: 'Holds the role', name: 'Matrix valid user', key: 'validUser', placeholder: 'alice' },
  { label: 'Their password', name: 'Matrix valid user password', key: 'validPassword', secret: true },
  { label: 'Lacks the role', name: 'Matrix lacking user', key: 'lackingUser', placeholder: 'bob' },
  { label: 'Their password', name: 'Matrix lacking user password', key: 'lackingPassword', secret: true },
];

function Workbench({ setup }: { setup: TesterSetup }) {
  const [state, dispatch] = useReducer(
    (s: WorkbenchState, a: WorkbenchAction) => workbenchReducer(setup, s, a),
    setup,
    initialWorkbench,
  );
  const { routeName, identity, request, users, result, matrix, tab, saving, casesVersion } = state;
  const route = setup.routes.find((r) => r.name === routeName);
  // Where a Send or a matrix run answers: brought into view when it lands, so the answer is never
  // below the fold of a small window.
  const answer = useRef<HTMLDivElement>(null);
  const showAnswer = () =>
    requestAnimationFrame(() => answer.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }));

  // Send and Run matrix: one at a time, with one failure shown above the answer.
  const [running, setRunning] = useState<'send' | 'matrix'>('send');
  const fire = useSubmit(async (kind: 'send' | 'matrix') => {
    setRunning(kind);
    try {
      if (kind === 'send') {
        dispatch({ type: 'sent', result: await testerApi.send(toRequest(routeName, request), toIdentity(identity)) });
        return;
      }
      const m = matrixIdentities(users, identity);
      const answered = await testerApi.matrix({
        route: routeName,
        ...m,
        upstream: request.upstream,
        path: request.path === route?.path ? '' : request.path,
      });
      dispatch({ type: 'matrix', matrix: answered });
    } finally {
      showAnswer();
    }
  });
  const busy = fire.busy ? running : '';

  async function saveCase(name: string, expectStatus: number | undefined) {
    await testerApi.saveCase({
      name,
      route: routeName,
      request: toRequest(routeName, request),
      identity: toIdentity(identity),
      expectStatus,
    });
    dispatch({ type: 'case-saved' });
  }

  const secrets = useMemo(() => knownSecrets({ identity, users }), [identity, users]);

  const identityLabel =
    identity.kind === 'password'
      ? identity.username || 'the user'
      : identity.kind === 'client'
        ? identity.clientId || 'the service account'
        : 'the pasted';

  return (
    <>
      <PageHeader
        title="Tester"
        subtitle={subtitle}
        actions={
          <>
            <Button icon={<SaveOutlined />} onClick={() => dispatch({ type: 'open-save' })}>
              Save as case
            </Button>
            <Button
              icon={<TableOutlined />}
              loading={busy === 'matrix'}
              disabled={busy !== ''}
              onClick={() => void fire.run('matrix')}
            >
              Run matrix
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy === 'send'}
              disabled={busy !== ''}
              onClick={() => void fire.run('send')}
            >
              Send
            </Button>
          </>
        }
      >
        <Space wrap split={<Typography.Text type="secondary">·</Typography.Text>}>
          <Typography.Text type="secondary">Profile {setup.profile}</Typography.Text>
          <Typography.Text type="secondary">tokens from {setup.issuer || '(no issuer set)'}</Typography.Text>
          {setup.readOnly && <Tag color="red">read-only: only GET, HEAD and OPTIONS reach real upstreams</Tag>}
        </Space>
      </PageHeader>
      <Row gutter={[16, 16]}>
        {/* Side by side from 992 px: at 1024x700 the answer sits next to the form, not below it. */}
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card size="small" title="Route and identity">
              <Form layout="vertical" component="div">
                <Form.Item label="Route" style={{ marginBottom: 12 }}>
                  <Select
                    aria-label="Route"
                    value={routeName}
                    onChange={(name) => dispatch({ type: 'route', name })}
                    options={setup.routes.map((r) => ({
                      value: r.name,
                      disabled: r.disabled,
                      label: (
                        <Space size={6}>
                          <Typography.Text strong>{r.name}</Typography.Text>
                          <Typography.Text code>{r.path}</Typography.Text>
                          <Typography.Text type="secondary">{describeRoute(r)}</Typography.Text>
                        </Space>
                      ),
                    }))}
                  />
                </Form.Item>
                <ErrorBoundary label="Identity" resetKeys={[routeName]}>
                  <IdentityPanel
                    setup={setup}
                    value={identity}
                    onChange={(next) => dispatch({ type: 'identity', identity: next })}
                  />
                </ErrorBoundary>
              </Form>
            </Card>
            <Card size="small" title="Request">
              <Form layout="vertical" component="div">
                <ErrorBoundary label="Request" resetKeys={[routeName]}>
                  <RequestPanel
                    route={route}
                    value={request}
                    onChange={(next) => dispatch({ type: 'request', request: next })}
                  />
                </ErrorBoundary>
              </Form>
            </Card>
            <Card
              size="small"
              title={
                <Space>
                  <ExperimentOutlined aria-hidden />
                  Matrix users
                </Space>
              }
            >
              <Form layout="vertical" component="div">
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  Run matrix adds anonymous, spoofed and broken-signature requests on its own; it needs one user who
                  holds the route&apos;s role and one who does not.
                </Typography.Paragraph>
                <Row gutter={8}>
                  {matrixUserFields.map((f) => (
                    <Col span={12} key={f.key}>
                      <LabeledInput
                        label={f.label}
                        name={f.name}
                        secret={f.secret}
                        placeholder={f.placeholder}
                        marginBottom={8}
                        value={users[f.key]}
                        onChange={(v) => dispatch({ type: 'users', users: { ...users, [f.key]: v } })}
                      />
                    </Col>
                  ))}
                </Row>
                <Typography.Text type="secondary">
                  Through client {identity.clientId || setup.client}; upstream and path from the request.
                </Typography.Text>
              </Form>
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={14} ref={answer} style={{ scrollMarginTop: 16 }}>
          <ErrorAlert error={fire.error} />
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={onOneOf(answerTabs, (next) => dispatch({ type: 'tab', tab: next }))}
              items={[
                guardedTab(
                  'result',
                  'Result',
                  result,
                  result ? (
                    <ResultView result={result} />
                  ) : (
                    <Empty description="Press Send to fire a request as the chosen identity." />
                  ),
                ),
                guardedTab(
                  'matrix',
                  'Matrix',
                  matrix,
                  matrix ? (
                    <MatrixView matrix={matrix} />
                  ) : (
                    <Empty description="Run matrix sends this route five identities and compares each outcome with what its mode promises." />
                  ),
                  matrix && matrix.surprises > 0 && <Tag color="red">{matrix.surprises}</Tag>,
                ),
                guardedTab(
                  'reach',
                  'Who can reach',
                  routeName,
                  <ReachPanel route={routeName} identity={toIdentity(identity)} identityLabel={identityLabel} />,
                ),
                guardedTab(
                  'cases',
                  'Saved cases',
                  routeName,
                  <CasesPanel
                    route={routeName}
                    version={casesVersion}
                    onLoad={(c) => dispatch({ type: 'load-case', case: c })}
                    knownSecrets={secrets}
                  />,
                ),
              ]}
            />
          </Card>
        </Col>
      </Row>
      <SaveCaseModal
        key={saving.key}
        open={saving.open}
        defaultName={`${routeName}: ${toIdentityName(identity)}`}
        onSave={saveCase}
        onClose={() => dispatch({ type: 'close-save' })}
      />
    </>
  );
}

/**
 * An answer tab with its body guarded: a crash in it shows inside the tab and clears once `resetKey` changes (a new
 * answer, another route). `badge`, when given, follows the label in the tab's title.
 */
function guardedTab(key: AnswerTab, label: string, resetKey: unknown, body: ReactNode, badge?: ReactNode) {
  return {
    key,
    label: badge ? (
      <Space size={4}>
        {label}
        {badge}
      </Space>
    ) : (
      label
    ),
    children: (
      <ErrorBoundary label={label} resetKeys={[resetKey]}>
        {body}
      </ErrorBoundary>
    ),
  };
}

function toIdentityName(f: IdentityForm): string {
  const who =
    f.kind === 'password'
      ? f.username || 'user'
      : f.kind === 'client'
        ? f.clientId || 'service account'
        : f.kind === 'token'
          ? 'pasted token'
          : 'anonymous';
  return [who, f.kind !== 'anonymous' && f.variant ? f.variant : '', f.spoofHeaders ? 'spoofed' : '']
    .filter(Boolean)
    .join(' ');
}
