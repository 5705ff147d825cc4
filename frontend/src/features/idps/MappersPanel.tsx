import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { DataTable } from '@/components/DataTable';
import { ErrorAlert } from '@/components/ErrorAlert';
import { removeColumn } from '@/components/RemoveButton';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { useSubmit } from '@/lib/useSubmit';
import { useLoader } from '@/lib/useLoader';
import { idpApi, type IdPMapper, type IdPMapperType } from './api';

export interface MappersPanelProps {
  realm: string;
  alias: string;
}

/** The provider's mappers: list, add, edit, remove. */
export function MappersPanel({ realm, alias }: MappersPanelProps) {
  const readOnly = useReadOnly();
  const mappers = useLoader(() => idpApi.mappers(realm, alias), [realm, alias]);
  const types = useLoader(() => idpApi.mapperTypes(realm, alias), [realm, alias]);
  const [editing, setEditing] = useState<IdPMapper | 'new'>();
  const typeName = (id: string) => types.data?.find((t) => t.id === id)?.name ?? id;

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          Mappers
        </Typography.Title>
        <Button size="small" icon={<PlusOutlined aria-hidden />} disabled={readOnly} onClick={() => setEditing('new')}>
          Add mapper
        </Button>
      </Space>
      <ErrorAlert error={types.error} onRetry={types.reload} />
      <DataTable<IdPMapper>
        rows={mappers}
        rowKey="id"
        label="Mappers"
        emptyText="No mappers."
        columns={[
          { title: 'Name', dataIndex: 'name' },
          { title: 'Type', dataIndex: 'type', render: typeName },
          removeColumn(
            (m) => ({
              label: `Remove mapper ${m.name}`,
              confirm: `Remove mapper “${m.name}”?`,
              okText: 'Remove',
              success: 'Mapper removed',
              action: () => idpApi.removeMapper(realm, alias, m.id),
              onDone: mappers.reload,
            }),
            (m) => (
              <Button
                size="small"
                icon={<EditOutlined aria-hidden />}
                aria-label={`Edit mapper ${m.name}`}
                onClick={() => setEditing(m)}
              />
            ),
          ),
        ]}
      />
      {editing && (
        <MapperModal
          realm={realm}
          alias={alias}
          mapper={editing === 'new' ? undefined : editing}
          types={types.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            mappers.reload();
          }}
        />
      )}
    </>
  );
}

interface MapperValues {
  name: string;
  type: string;
  config: Record<string, string | boolean>;
}

/** Settings of a mapper type become inputs; Keycloak keeps every setting as a string. */
function MapperModal({
  realm,
  alias,
  mapper,
  types,
  onClose,
  onSaved,
}: {
  realm: string;
  alias: string;
  mapper: IdPMapper | undefined;
  types: IdPMapperType[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<MapperValues>();
  const readOnly = useReadOnly();
  const typeId = Form.useWatch('type', form) ?? mapper?.type;
  const type = types.find((t) => t.id === typeId);

  const save = useSubmit(
    async (v: MapperValues) => {
      const config: Record<string, string> = { syncMode: 'INHERIT', ...(mapper?.config ?? {}) };
      for (const [k, val] of Object.entries(v.config ?? {})) {
        if (val !== undefined && val !== null) config[k] = String(val);
      }
      const m = { id: mapper?.id ?? '', name: v.name.trim(), type: v.type ?? mapper?.type ?? '', config };
      if (mapper) await idpApi.updateMapper(realm, alias, m);
      else await idpApi.createMapper(realm, alias, m);
      onSaved();
    },
    { success: mapper ? 'Mapper saved' : 'Mapper added' },
  );

  const initialConfig: Record<string, string | boolean> = {};
  for (const p of type?.properties ?? []) {
    const stored = mapper?.config?.[p.name] ?? p.defaultValue ?? '';
    initialConfig[p.name] = p.type === 'boolean' ? stored === 'true' : stored;
  }

  return (
    <Modal
      open
      title={mapper ? `Mapper “${mapper.name}”` : 'Add mapper'}
      okText={mapper ? 'Save' : 'Add'}
      okButtonProps={{ loading: save.busy, disabled: readOnly }}
      onOk={() => form.submit()}
      onCancel={() => !save.busy && onClose()}
      destroyOnHidden
    >
      <ErrorAlert error={save.error} />
      <Form
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={{ name: mapper?.name ?? '', type: mapper?.type, config: initialConfig }}
        onFinish={(v) => void save.run(v)}
      >
        <Form.Item name="name" label="Name" rules={[{ required: true, message: 'Name the mapper.' }]}>
          <Input aria-label="Mapper name" />
        </Form.Item>
        <Form.Item
          name="type"
          label="Type"
          rules={[{ required: true, message: 'Choose a type.' }]}
          extra={type?.helpText}
        >
          <Select
            aria-label="Mapper type"
            disabled={!!mapper || readOnly}
            showSearch
            optionFilterProp="label"
            options={types.map((t) => ({ value: t.id, label: `${t.name} (${t.category})` }))}
          />
        </Form.Item>
        {(type?.properties ?? []).map((p) =>
          p.type === 'boolean' ? (
            <Form.Item
              key={p.name}
              name={['config', p.name]}
              label={p.label || p.name}
              valuePropName="checked"
              extra={p.helpText}
            >
              <Switch aria-label={p.label || p.name} />
            </Form.Item>
          ) : p.type === 'List' && p.options?.length ? (
            <Form.Item key={p.name} name={['config', p.name]} label={p.label || p.name} extra={p.helpText}>
              <Select aria-label={p.label || p.name} options={p.options.map((o) => ({ value: o, label: o }))} />
            </Form.Item>
          ) : (
            <Form.Item key={p.name} name={['config', p.name]} label={p.label || p.name} extra={p.helpText}>
              <Input aria-label={p.label || p.name} />
            </Form.Item>
          ),
        )}
      </Form>
    </Modal>
  );
}
