import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { actionsColumn } from '@/components/columns';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { WriteButton } from '@/components/WriteButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useSubmit } from '@/lib/useSubmit';
import { realmApi } from './api';
import { knownPolicies, knownPolicy, newRow, parsePolicy, serialisePolicy, type PolicyRow } from './passwordPolicy';

export interface PasswordPolicyTabProps {
  realm: string;
  /** Keycloak's policy string as loaded. */
  policy: string;
  onSaved: () => void;
}

/** Edits the realm's password policy as rows; policies Tandem does not know stay as they are. */
export function PasswordPolicyTab({ realm, policy, onSaved }: PasswordPolicyTabProps) {
  const readOnly = useReadOnly();
  const loaded = useMemo(() => parsePolicy(policy), [policy]);
  const [rows, setRows] = useState<PolicyRow[]>(loaded);
  useEffect(() => setRows(loaded), [loaded]);

  const text = serialisePolicy(rows);
  const save = useSubmit(() => realmApi.updatePasswordPolicy(realm, text), { success: 'Password policy saved' });
  const used = new Set(rows.map((r) => r.id));
  const set = (i: number, value: string | undefined) => setRows(rows.map((r, j) => (j === i ? { ...r, value } : r)));

  return (
    <Card
      title="Password policy"
      style={{ maxWidth: 720 }}
      extra={
        <Dropdown
          disabled={readOnly}
          menu={{
            items: knownPolicies.filter((p) => !used.has(p.id)).map((p) => ({ key: p.id, label: p.label })),
            onClick: ({ key }) => setRows([...rows, newRow(key)]),
          }}
        >
          <Button size="small" icon={<PlusOutlined aria-hidden />}>
            Add policy
          </Button>
        </Dropdown>
      }
    >
      <ErrorAlert error={save.error} />
      <DataTable<PolicyRow & { index: number }>
        label="Password policies"
        rowKey="index"
        rows={rows.map((r, index) => ({ ...r, index }))}
        emptyText="No policy: any password is accepted, hashed with Keycloak’s default."
        columns={[
          {
            title: 'Policy',
            dataIndex: 'id',
            render: (id: string) => {
              const known = knownPolicy(id);
              return known ? (
                <span title={known.help}>{known.label}</span>
              ) : (
                <Space size={4}>
                  <Typography.Text code>{id}</Typography.Text>
                  <Tag>kept as is</Tag>
                </Space>
              );
            },
          },
          {
            title: 'Value',
            key: 'value',
            render: (_: unknown, r) => {
              const known = knownPolicy(r.id);
              if (known?.kind === 'none') return '—';
              if (known?.kind === 'number')
                return (
                  <InputNumber
                    aria-label={`${known.label} value`}
                    size="small"
                    min={0}
                    disabled={readOnly}
                    value={r.value === undefined || r.value === '' ? null : Number(r.value)}
                    onChange={(v) => set(r.index, v === null ? '' : String(v))}
                  />
                );
              return (
                <Input
                  aria-label={`${known?.label ?? r.id} value`}
                  size="small"
                  disabled={readOnly}
                  value={r.value ?? ''}
                  onChange={(e) => set(r.index, e.target.value)}
                />
              );
            },
          },
          actionsColumn((r) => (
            <WriteButton
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined aria-hidden />}
              aria-label={`Remove policy ${r.id}`}
              onClick={() => setRows(rows.filter((_, j) => j !== r.index))}
            />
          )),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        As Keycloak stores it: <Typography.Text code>{text || '(none)'}</Typography.Text>
      </Typography.Paragraph>
      <Space>
        <WriteButton
          type="primary"
          loading={save.busy}
          disabled={text === policy.trim()}
          onClick={async () => {
            if (await save.run()) onSaved();
          }}
        >
          Save
        </WriteButton>
        <Button disabled={text === policy.trim()} onClick={() => setRows(loaded)}>
          Undo changes
        </Button>
      </Space>
    </Card>
  );
}
