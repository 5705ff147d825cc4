import { Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useLoader } from '@/lib/useLoader';
import { clientApi, type ClientScopeRef, type OIDCClient, type ProtocolMapper } from './api';

export interface ScopesTabProps {
  realm: string;
  client: OIDCClient;
}

/** Read-only: the client's scopes and the claims its tokens carry. */
export function ScopesTab({ realm, client }: ScopesTabProps) {
  const data = useLoader(async () => {
    const [scopes, mappers] = await Promise.all([
      clientApi.scopes(realm, client.id),
      clientApi.protocolMappers(realm, client.clientId),
    ]);
    return { scopes, mappers };
  }, [realm, client.id, client.clientId]);

  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      <Card size="small" title="Claims in its tokens">
        <Typography.Paragraph type="secondary">
          The client’s own mappers, then those of its default scopes: what a token carries when the request names no
          extra scope.
        </Typography.Paragraph>
        <Table<ProtocolMapper>
          size="small"
          rowKey={(m) => `${m.scope}/${m.id || m.name}`}
          loading={data.loading}
          dataSource={data.data?.mappers ?? []}
          pagination={false}
          columns={[
            {
              title: 'Claim',
              dataIndex: 'claim',
              render: (c: string) => (c ? <Typography.Text code>{c}</Typography.Text> : '—'),
            },
            { title: 'Mapper', dataIndex: 'name' },
            {
              title: 'From',
              dataIndex: 'scope',
              render: (s: string) => (s ? <Tag>{s}</Tag> : <Tag color="blue">client</Tag>),
            },
            {
              title: 'In',
              key: 'tokens',
              render: (_: unknown, m) => (
                <Space size={4} wrap>
                  {m.accessToken && <Tag>access</Tag>}
                  {m.idToken && <Tag>ID</Tag>}
                  {m.userInfo && <Tag>userinfo</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title="Client scopes">
        <Table<ClientScopeRef>
          size="small"
          rowKey="id"
          loading={data.loading}
          dataSource={data.data?.scopes ?? []}
          pagination={false}
          columns={[
            { title: 'Scope', dataIndex: 'name' },
            {
              title: 'Applies',
              dataIndex: 'default',
              render: (d: boolean) =>
                d ? <Tag color="green">always (default)</Tag> : <Tag>when requested (optional)</Tag>,
            },
            { title: 'Description', dataIndex: 'description', render: (d: string) => (d?.startsWith('${') ? '' : d) },
          ]}
        />
      </Card>
    </Flex>
  );
}
