import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Steps, Tag, Typography } from 'antd';
import { actionsColumn } from '@/components/columns';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { WriteButton } from '@/components/WriteButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import { keysApi, type KeyProvider, type KeysView, type RealmKey } from './keysApi';

const statusColor: Record<string, string> = { ACTIVE: 'green', PASSIVE: 'gold', DISABLED: 'default' };

export interface KeysTabProps {
  realm: string;
}

/**
 * The realm's signing keys and a guided rotation: add a key that signs, let
 * the proxy pick it up, make the old key passive, remove it. After each step
 * the proxy's side shows which keys it holds.
 */
export function KeysTab({ realm }: KeysTabProps) {
  const readOnly = useReadOnly();
  const loaded = useLoader(() => keysApi.keys(realm), [realm]);
  // Each step answers with the keys as they now are.
  const action = useSubmit(async (run: () => Promise<KeysView>, done: string) => {
    loaded.setData(await run());
    notify.success(done);
  });
  const busy = action.busy;
  const step = (run: () => Promise<KeysView>, done: string) => action.run(run, done);
  const v = loaded.data;

  const providerName = (id: string) => v?.realm.providers.find((p) => p.id === id)?.name ?? id;
  const rsa = (v?.realm.keys ?? []).filter((k) => k.algorithm === 'RS256');
  const signing = rsa.find((k) => k.signing);
  const inProxy = (kid: string) => v?.proxy.keys.includes(kid) ?? false;
  // Where the rotation stands: 0 one RS256 key; 1 a newer one signs; 2 the proxy has it;
  // 3 the older ones are passive.
  const current =
    !signing || rsa.length < 2
      ? 0
      : !inProxy(signing.kid)
        ? 1
        : rsa.some((k) => k.status === 'ACTIVE' && !k.signing)
          ? 2
          : 3;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ErrorAlert error={loaded.error ?? action.error} onRetry={loaded.error ? loaded.reload : undefined} />
      <Card
        title="Rotate the signing key"
        extra={
          <Button icon={<ReloadOutlined aria-hidden />} onClick={loaded.reload} loading={loaded.loading}>
            Refresh
          </Button>
        }
      >
        <Steps
          size="small"
          current={current}
          items={[
            {
              title: 'Add a key',
              description: `An RSA key of priority ${v?.nextPriority ?? '…'} signs every token from now on; the old key still verifies.`,
            },
            {
              title: 'Proxy picks it up',
              description: 'The first token signed with the new key makes the proxy fetch the JWKS once.',
            },
            {
              title: 'Make the old key passive',
              description: 'It stops signing but stays published: tokens it signed verify until they expire.',
            },
            {
              title: 'Remove the old key',
              description:
                'Keycloak refuses its tokens at once; a running proxy keeps it until it fetches the JWKS again.',
            },
          ]}
        />
        <Space style={{ marginTop: 16 }}>
          <WriteButton
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            disabled={!v}
            loading={busy}
            onClick={() =>
              step(
                () => keysApi.addRSA(realm, `rsa-${new Date().toISOString().slice(0, 10)}`, 0),
                'RSA key added: it signs new tokens',
              )
            }
          >
            Add a signing key
          </WriteButton>
        </Space>
      </Card>

      {v && <ProxySide view={v} />}

      <Card title="Keys">
        <DataTable<RealmKey>
          rowKey={(k) => `${k.providerId}-${k.kid}`}
          rows={{ data: v?.realm.keys, loading: loaded.loading }}
          columns={[
            { title: 'Algorithm', dataIndex: 'algorithm', width: 110 },
            {
              title: 'Kid',
              dataIndex: 'kid',
              render: (kid: string) => (
                <Typography.Text code copyable={{ text: kid }} ellipsis style={{ maxWidth: 220 }}>
                  {kid}
                </Typography.Text>
              ),
            },
            { title: 'Use', dataIndex: 'use', width: 60 },
            {
              title: 'Status',
              dataIndex: 'status',
              render: (s: string, k) => (
                <Space size={4}>
                  <Tag color={statusColor[s]}>{s}</Tag>
                  {k.signing && <Tag color="blue">signs</Tag>}
                </Space>
              ),
            },
            { title: 'Priority', dataIndex: 'priority', width: 80 },
            { title: 'Provider', dataIndex: 'providerId', render: providerName },
            {
              title: 'Certificate expires',
              dataIndex: 'certificateExpiry',
              render: (ms: number) => (ms ? new Date(ms).toLocaleDateString() : '—'),
            },
            {
              title: 'Proxy',
              key: 'proxy',
              render: (_, k) =>
                k.use === 'SIG' && k.type !== 'OCT' && v?.proxy.servesRealm ? (
                  inProxy(k.kid) ? (
                    <Tag color="green">loaded</Tag>
                  ) : (
                    <Tag>not loaded</Tag>
                  )
                ) : null,
            },
          ]}
        />
      </Card>

      <Card title="Key providers">
        <DataTable<KeyProvider>
          rowKey="id"
          rows={{ data: v?.realm.providers, loading: loaded.loading }}
          columns={[
            { title: 'Name', dataIndex: 'name' },
            { title: 'Kind', dataIndex: 'providerId' },
            { title: 'Priority', dataIndex: 'priority' },
            {
              title: 'State',
              key: 'state',
              render: (_, p) =>
                !p.enabled ? (
                  <Tag>disabled</Tag>
                ) : p.active ? (
                  <Tag color="green">active</Tag>
                ) : (
                  <Tag color="gold">passive</Tag>
                ),
            },
            actionsColumn((p) => (
              <Space>
                <WriteButton
                  size="small"
                  disabled={busy}
                  onClick={() =>
                    step(
                      () => keysApi.setActive(realm, p.id, !p.active),
                      `${p.name} is ${p.active ? 'passive: it verifies but no longer signs' : 'active again'}`,
                    )
                  }
                >
                  {p.active ? 'Make passive' : 'Make active'}
                </WriteButton>
                <Popconfirm
                  title={`Remove ${p.name} and its keys?`}
                  description="Tokens its keys signed stop verifying at Keycloak at once."
                  okText="Remove"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => step(() => keysApi.remove(realm, p.id), `${p.name} removed`)}
                >
                  <Button size="small" danger disabled={readOnly || busy}>
                    Remove
                  </Button>
                </Popconfirm>
              </Space>
            )),
          ]}
        />
      </Card>
    </Space>
  );
}

function ProxySide({ view }: { view: KeysView }) {
  const p = view.proxy;
  if (!p.running) {
    return (
      <Alert
        type="info"
        showIcon
        title="The proxy is not running: start it on the Proxy screen to rehearse the rotation against it."
      />
    );
  }
  if (!p.servesRealm) {
    return (
      <Alert type="info" showIcon title={`The running proxy verifies tokens of ${p.issuer}, not of this realm.`} />
    );
  }
  return (
    <Card title="The running proxy">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="Issuer">{p.issuer}</Descriptions.Item>
        <Descriptions.Item label="JWKS fetches">{p.jwksFetches}</Descriptions.Item>
        <Descriptions.Item label="Keys loaded">
          <Space size={4} wrap>
            {p.keys.map((k) => (
              <Typography.Text key={k} code>
                {k}
              </Typography.Text>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="Last fetch">
          {p.lastRefresh && !String(p.lastRefresh).startsWith('0001') ? new Date(p.lastRefresh).toLocaleString() : '—'}
        </Descriptions.Item>
        {p.lastError && (
          <Descriptions.Item label="Last error">
            <Typography.Text type="danger">{p.lastError}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
