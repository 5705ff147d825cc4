import { ExperimentOutlined, SaveOutlined, SendOutlined, TableOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Form, Input, Row, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { PageHeader } from '@/components/PageHeader';
import { useLoader } from '@/lib/useLoader';
import type { Case, MatrixResult, Result, TesterSetup } from './api';
import { testerApi } from './api';
import { CasesPanel, SaveCaseModal } from './CasesPanel';
import { IdentityPanel } from './IdentityPanel';
import { MatrixView } from './MatrixView';
import {
  defaultRoute,
  describeRoute,
  initialIdentity,
  initialMatrixUsers,
  initialRequest,
  matrixIdentities,
  toIdentity,
  toRequest,
  type IdentityForm,
  type MatrixUsers,
  type RequestForm,
} from './model';
import { ReachPanel } from './ReachPanel';
import { RequestPanel } from './RequestPanel';
import { ResultView } from './ResultView';

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

type Busy = '' | 'send' | 'matrix';

function Workbench({ setup }: { setup: TesterSetup }) {
  const [routeName, setRouteName] = useState(() => defaultRoute(setup));
  const route = setup.routes.find((r) => r.name === routeName);
  const [identity, setIdentity] = useState<IdentityForm>(() => initialIdentity(setup));
  const [request, setRequest] = useState<RequestForm>(() => initialRequest(route));
  const [users, setUsers] = useState<MatrixUsers>(() => initialMatrixUsers(setup));
  const [busy, setBusy] = useState<Busy>('');
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Result | undefined>();
  const [matrix, setMatrix] = useState<MatrixResult | undefined>();
  const [tab, setTab] = useState('result');
  const [saving, setSaving] = useState(false);
  const [savingKey, setSavingKey] = useState(0);
  const [casesVersion, setCasesVersion] = useState(0);
  // Where a Send or a matrix run answers: brought into view when it lands, so the answer is never
  // below the fold of a small window.
  const answer = useRef<HTMLDivElement>(null);
  const showAnswer = () =>
    requestAnimationFrame(() => answer.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }));

  function pickRoute(name: string) {
    setRouteName(name);
    setRequest((r) => ({
      ...initialRequest(setup.routes.find((x) => x.name === name)),
      headers: r.headers,
      upstream: r.upstream,
    }));
    setResult(undefined);
    setMatrix(undefined);
  }

  async function send() {
    setBusy('send');
    setError(undefined);
    try {
      setResult(await testerApi.send(toRequest(routeName, request), toIdentity(identity)));
      setTab('result');
    } catch (e) {
      setError(e);
    } finally {
      showAnswer();
      setBusy('');
    }
  }

  async function runMatrix() {
    setBusy('matrix');
    setError(undefined);
    try {
      const m = matrixIdentities(users, identity);
      setMatrix(
        await testerApi.matrix({
          route: routeName,
          ...m,
          upstream: request.upstream,
          path: request.path === route?.path ? '' : request.path,
        }),
      );
      setTab('matrix');
    } catch (e) {
      setError(e);
    } finally {
      showAnswer();
      setBusy('');
    }
  }

  async function saveCase(name: string, expectStatus: number | undefined) {
    await testerApi.saveCase({
      name,
      route: routeName,
      request: toRequest(routeName, request),
      identity: toIdentity(identity),
      expectStatus,
    });
    setCasesVersion((v) => v + 1);
  }

  function loadCase(c: Case) {
    pickRoute(c.route);
    setRequest({
      method: c.request.method || 'GET',
      path: c.request.path || setup.routes.find((r) => r.name === c.route)?.path || '/',
      query: c.request.query ?? '',
      headers: (c.request.headers ?? []).map((h) => ({ name: h.name, value: h.value })),
      body: c.request.body ?? '',
      upstream: c.request.upstream === 'route' ? 'route' : 'echo',
    });
    const id = c.identity;
    setIdentity((f) => ({
      ...f,
      kind: (id.kind || 'anonymous') as IdentityForm['kind'],
      username: id.username ?? '',
      clientId: id.clientId ?? f.clientId,
      realm: id.realm ?? '',
      variant: id.variant ?? '',
      spoofHeaders: !!id.spoofHeaders,
      password: id.username === f.username ? f.password : '',
      token: '',
    }));
  }

  // Secrets the forms hold, offered to a suite run (keys as Go's tester.SecretKey).
  const knownSecrets = useMemo(() => {
    const s: Record<string, string> = {};
    if (identity.username && identity.password)
      s[`password:${identity.realm.trim()}/${identity.username.trim()}`] = identity.password;
    if (identity.clientId && identity.clientSecret)
      s[`client:${identity.realm.trim()}/${identity.clientId.trim()}`] = identity.clientSecret;
    if (users.validUser && users.validPassword) s[`password:/${users.validUser.trim()}`] ??= users.validPassword;
    if (users.lackingUser && users.lackingPassword)
      s[`password:/${users.lackingUser.trim()}`] ??= users.lackingPassword;
    return s;
  }, [identity, users]);

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
            <Button icon={<SaveOutlined />} onClick={() => (setSavingKey((k) => k + 1), setSaving(true))}>
              Save as case
            </Button>
            <Button
              icon={<TableOutlined />}
              loading={busy === 'matrix'}
              disabled={busy !== ''}
              onClick={() => void runMatrix()}
            >
              Run matrix
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy === 'send'}
              disabled={busy !== ''}
              onClick={() => void send()}
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
                    onChange={pickRoute}
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
                  <IdentityPanel setup={setup} value={identity} onChange={setIdentity} />
                </ErrorBoundary>
              </Form>
            </Card>
            <Card size="small" title="Request">
              <Form layout="vertical" component="div">
                <ErrorBoundary label="Request" resetKeys={[routeName]}>
                  <RequestPanel route={route} value={request} onChange={setRequest} />
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
                  <Col span={12}>
                    <Form.Item label="Holds the role" style={{ marginBottom: 8 }}>
                      <Input
                        aria-label="Matrix valid user"
                        value={users.validUser}
                        placeholder="alice"
                        onChange={(e) => setUsers({ ...users, validUser: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item label="Their password" style={{ marginBottom: 8 }}>
                      <Input.Password
                        aria-label="Matrix valid user password"
                        autoComplete="new-password"
                        value={users.validPassword}
                        onChange={(e) => setUsers({ ...users, validPassword: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item label="Lacks the role" style={{ marginBottom: 8 }}>
                      <Input
                        aria-label="Matrix lacking user"
                        value={users.lackingUser}
                        placeholder="bob"
                        onChange={(e) => setUsers({ ...users, lackingUser: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item label="Their password" style={{ marginBottom: 8 }}>
                      <Input.Password
                        aria-label="Matrix lacking user password"
                        autoComplete="new-password"
                        value={users.lackingPassword}
                        onChange={(e) => setUsers({ ...users, lackingPassword: e.target.value })}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Typography.Text type="secondary">
                  Through client {identity.clientId || setup.client}; upstream and path from the request.
                </Typography.Text>
              </Form>
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={14} ref={answer} style={{ scrollMarginTop: 16 }}>
          <ErrorAlert error={error} />
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'result',
                  label: 'Result',
                  children: (
                    <ErrorBoundary label="Result" resetKeys={[result]}>
                      {result ? (
                        <ResultView result={result} />
                      ) : (
                        <Empty description="Press Send to fire a request as the chosen identity." />
                      )}
                    </ErrorBoundary>
                  ),
                },
                {
                  key: 'matrix',
                  label: matrix ? (
                    <Space size={4}>
                      Matrix
                      {matrix.surprises > 0 && <Tag color="red">{matrix.surprises}</Tag>}
                    </Space>
                  ) : (
                    'Matrix'
                  ),
                  children: (
                    <ErrorBoundary label="Matrix" resetKeys={[matrix]}>
                      {matrix ? (
                        <MatrixView matrix={matrix} />
                      ) : (
                        <Empty description="Run matrix sends this route five identities and compares each outcome with what its mode promises." />
                      )}
                    </ErrorBoundary>
                  ),
                },
                {
                  key: 'reach',
                  label: 'Who can reach',
                  children: (
                    <ErrorBoundary label="Who can reach" resetKeys={[routeName]}>
                      <ReachPanel route={routeName} identity={toIdentity(identity)} identityLabel={identityLabel} />
                    </ErrorBoundary>
                  ),
                },
                {
                  key: 'cases',
                  label: 'Saved cases',
                  children: (
                    <ErrorBoundary label="Saved cases" resetKeys={[routeName]}>
                      <CasesPanel
                        route={routeName}
                        version={casesVersion}
                        onLoad={loadCase}
                        knownSecrets={knownSecrets}
                      />
                    </ErrorBoundary>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <SaveCaseModal
        key={savingKey}
        open={saving}
        defaultName={`${routeName}: ${toIdentityName(identity)}`}
        onSave={saveCase}
        onClose={() => setSaving(false)}
      />
    </>
  );
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
