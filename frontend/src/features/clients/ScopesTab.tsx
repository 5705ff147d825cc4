import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Flex, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { actionsColumn } from '@/components/columns';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { removeColumn } from '@/components/RemoveButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { useLoader } from '@/lib/useLoader';
import {
  clientApi,
  type ClientScope,
  type ClientScopeRef,
  type MapperType,
  type OIDCClient,
  type ProtocolMapper,
} from './api';
import { MapperEditor } from './MapperEditor';
import { keycloakText } from '@/lib/keycloakText';

export interface ScopesTabProps {
  realm: string;
  client: OIDCClient;
}

/** The client's scopes and mappers: what claims its tokens carry, and where each comes from. */
export function ScopesTab({ realm, client }: ScopesTabProps) {
  const readOnly = useReadOnly();
  const data = useLoader(async () => {
    const [scopes, effective, own, realmScopes, types] = await Promise.all([
      clientApi.scopes(realm, client.id),
      clientApi.protocolMappers(realm, client.clientId),
      clientApi.ownMappers(realm, client.id),
      clientApi.realmScopes(realm),
      clientApi.mapperTypes(),
    ]);
    return { scopes, effective, own, realmScopes, types };
  }, [realm, client.id, client.clientId]);
  const [editing, setEditing] = useState<{ mapper?: ProtocolMapper; typeId?: string } | undefined>();
  const types = data.data?.types ?? [];

  // Every change on this tab: one at a time, its failure shown above the cards, the data read again after it.
  const change = useSubmit(async (what: () => Promise<unknown>, done: string) => {
    await what();
    notify.success(done);
    data.reload();
  });
  const act = change.run;

  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      <ErrorAlert error={change.error} />
      <Card
        size="small"
        title="Its own mappers"
        extra={
          <Dropdown
            disabled={readOnly || types.length === 0}
            menu={{
              items: types.map((t) => ({ key: t.id, label: t.label })),
              onClick: ({ key }) => setEditing({ typeId: key }),
            }}
          >
            <Button size="small" icon={<PlusOutlined aria-hidden />}>
              Add mapper
            </Button>
          </Dropdown>
        }
      >
        <Typography.Paragraph type="secondary">
          Mappers of this client alone. A change applies to tokens issued from now on.
        </Typography.Paragraph>
        <DataTable<ProtocolMapper>
          label="Own mappers"
          rowKey="id"
          rows={{ data: data.data?.own, loading: data.loading }}
          emptyText="No mappers of its own: its tokens carry what its scopes add."
          columns={[
            { title: 'Mapper', dataIndex: 'name' },
            { title: 'Type', dataIndex: 'mapper', render: (m: string) => typeLabel(types, m) },
            claimColumn,
            tokensColumn,
            removeColumn(
              (m) => ({
                label: `Remove mapper ${m.name}`,
                text: 'Remove',
                confirm: `Remove mapper “${m.name}”?`,
                description: 'Tokens issued from now on lose its claim.',
                success: `Mapper “${m.name}” removed`,
                action: () => clientApi.deleteMapper(realm, client.id, m.id),
                onDone: data.reload,
              }),
              (m) => (
                <Button
                  size="small"
                  disabled={readOnly || !types.some((t) => t.id === m.mapper)}
                  title={types.some((t) => t.id === m.mapper) ? undefined : 'Tandem does not edit this mapper type'}
                  onClick={() => setEditing({ mapper: m })}
                >
                  Edit
                </Button>
              ),
            ),
          ]}
        />
      </Card>
      <ScopesCard
        realm={realm}
        client={client}
        loading={data.loading}
        scopes={data.data?.scopes ?? []}
        realmScopes={data.data?.realmScopes ?? []}
        act={act}
      />
      <Card size="small" title="Claims in its tokens">
        <Typography.Paragraph type="secondary">
          The client’s own mappers, then those of its default scopes: what a token carries when the request names no
          extra scope.
        </Typography.Paragraph>
        <DataTable<ProtocolMapper>
          label="Claims in its tokens"
          rowKey={(m) => `${m.scope}/${m.id || m.name}`}
          rows={{ data: data.data?.effective, loading: data.loading }}
          columns={[
            claimColumn,
            { title: 'Mapper', dataIndex: 'name' },
            {
              title: 'From',
              dataIndex: 'scope',
              render: (s: string) => (s ? <Tag>{s}</Tag> : <Tag color="blue">client</Tag>),
            },
            tokensColumn,
          ]}
        />
      </Card>
      {editing && (
        <MapperEditor
          open
          realm={realm}
          client={client}
          types={types}
          mapper={editing.mapper}
          typeId={editing.typeId}
          onClose={() => setEditing(undefined)}
          onSaved={(name) => {
            notify.success(editing.mapper ? `Mapper “${name}” saved` : `Mapper “${name}” added`);
            setEditing(undefined);
            data.reload();
          }}
        />
      )}
    </Flex>
  );
}

interface ScopesCardProps {
  realm: string;
  client: OIDCClient;
  loading: boolean;
  scopes: ClientScopeRef[];
  realmScopes: ClientScope[];
  act: (what: () => Promise<unknown>, done: string) => Promise<boolean>;
}

function ScopesCard({ realm, client, loading, scopes, realmScopes, act }: ScopesCardProps) {
  const readOnly = useReadOnly();
  const [picked, setPicked] = useState<string | undefined>();
  const [optional, setOptional] = useState(false);
  const assigned = new Set(scopes.map((s) => s.id));
  const available = realmScopes.filter((s) => !assigned.has(s.id) && s.protocol !== 'saml');
  const name = (id: string) => realmScopes.find((s) => s.id === id)?.name ?? id;

  return (
    <Card size="small" title="Client scopes">
      <Typography.Paragraph type="secondary">
        Default scopes add their claims to every token of this client; optional ones only when the token request names
        them in its scope parameter. A scope’s mappers are shared by every client that has it.
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="Scope to assign"
          placeholder="Choose a scope"
          style={{ minWidth: 220 }}
          value={picked}
          onChange={setPicked}
          disabled={readOnly}
          options={available.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          aria-label="Assign as"
          value={optional}
          onChange={setOptional}
          disabled={readOnly}
          options={[
            { value: false, label: 'Default' },
            { value: true, label: 'Optional' },
          ]}
        />
        <Button
          disabled={readOnly || !picked}
          onClick={() =>
            picked &&
            act(
              () => clientApi.assignScope(realm, client.id, picked, optional),
              `Scope “${name(picked)}” assigned`,
            ).then((done) => done && setPicked(undefined))
          }
        >
          Assign
        </Button>
      </Space>
      <DataTable<ClientScopeRef>
        label="Assigned scopes"
        rowKey="id"
        rows={{ data: scopes, loading }}
        tableProps={{ expandable: { expandedRowRender: (s) => <ScopeMappers realm={realm} scopeId={s.id} /> } }}
        columns={[
          { title: 'Scope', dataIndex: 'name' },
          {
            title: 'Applies',
            dataIndex: 'default',
            render: (d: boolean, s) => (
              <Select
                size="small"
                aria-label={`How ${s.name} applies`}
                value={d}
                disabled={readOnly}
                style={{ width: 200 }}
                onChange={(isDefault: boolean) =>
                  act(
                    () => clientApi.assignScope(realm, client.id, s.id, !isDefault),
                    `Scope “${s.name}” is now ${isDefault ? 'default' : 'optional'}`,
                  )
                }
                options={[
                  { value: true, label: 'always (default)' },
                  { value: false, label: 'when requested (optional)' },
                ]}
              />
            ),
          },
          { title: 'Description', dataIndex: 'description', render: (d: string) => keycloakText(d) },
          actionsColumn((s) => (
            <Button
              size="small"
              disabled={readOnly}
              aria-label={`Unassign scope ${s.name}`}
              onClick={() => act(() => clientApi.unassignScope(realm, client.id, s.id), `Scope “${s.name}” unassigned`)}
            >
              Unassign
            </Button>
          )),
        ]}
      />
    </Card>
  );
}

/** The mappers of one client scope, read when its row is expanded. */
function ScopeMappers({ realm, scopeId }: { realm: string; scopeId: string }) {
  const mappers = useLoader(() => clientApi.scopeMappers(realm, scopeId), [realm, scopeId]);
  return (
    <DataTable<ProtocolMapper>
      rowKey="id"
      rows={mappers}
      emptyText="This scope has no mappers."
      columns={[
        { title: 'Mapper', dataIndex: 'name' },
        { title: 'Type', dataIndex: 'mapper' },
        claimColumn,
        tokensColumn,
      ]}
    />
  );
}

const claimColumn = {
  title: 'Claim',
  dataIndex: 'claim',
  render: (c: string) => (c ? <Typography.Text code>{c}</Typography.Text> : '—'),
};

const tokensColumn = {
  title: 'In',
  key: 'tokens',
  render: (_: unknown, m: ProtocolMapper) => (
    <Space size={4} wrap>
      {m.accessToken && <Tag>access</Tag>}
      {m.idToken && <Tag>ID</Tag>}
      {m.userInfo && <Tag>userinfo</Tag>}
    </Space>
  ),
};

function typeLabel(types: MapperType[], id: string): string {
  return types.find((t) => t.id === id)?.label ?? id;
}
