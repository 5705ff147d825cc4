import { Form, Input, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { SubmitModal } from '@/components/SubmitModal';
import { useLoader } from '@/lib/useLoader';
import { clientApi, type MapperField, type MapperType, type OIDCClient, type ProtocolMapper } from './api';
import { fromMapperForm, toMapperForm, type MapperFormValues } from './mapperForm';

export interface MapperEditorProps {
  realm: string;
  client: OIDCClient;
  types: MapperType[];
  /** The mapper to edit; absent to add one. */
  mapper?: ProtocolMapper;
  /** The type of a new mapper. */
  typeId?: string;
  open: boolean;
  onClose: () => void;
  onSaved: (name: string) => void;
}

/** Adds or edits one of the client's own protocol mappers, with a form per mapper type. */
export function MapperEditor({ realm, client, types, mapper, typeId, open, onClose, onSaved }: MapperEditorProps) {
  const [form] = Form.useForm<MapperFormValues>();
  const type = types.find((t) => t.id === (mapper?.mapper ?? typeId));
  const [valid, setValid] = useState(false);

  useEffect(() => {
    if (open && type) {
      form.resetFields();
      form.setFieldsValue(toMapperForm(type, mapper?.name ?? '', mapper?.config ?? {}));
    }
  }, [open, type, mapper, form]);

  async function submit() {
    if (!type) return;
    const values = await form.validateFields();
    const input = fromMapperForm(type, values);
    if (mapper) await clientApi.updateMapper(realm, client.id, mapper.id, input);
    else await clientApi.createMapper(realm, client.id, input);
    onSaved(input.name);
  }

  return (
    <SubmitModal
      open={open}
      title={mapper ? `Edit mapper “${mapper.name}”` : `Add ${type?.label ?? ''} mapper to ${client.clientId}`}
      okText={mapper ? 'Save' : 'Add'}
      canSubmit={valid}
      onSubmit={submit}
      onClose={onClose}
    >
      {type && (
        <>
          <Typography.Paragraph type="secondary">{type.help}</Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            onFieldsChange={() =>
              setValid(form.getFieldsError().every((f) => f.errors.length === 0) && !!form.getFieldValue('name'))
            }
          >
            <Form.Item
              name="name"
              label="Mapper name"
              extra={mapper ? 'Keycloak cannot rename a mapper.' : undefined}
              rules={[{ required: true, whitespace: true, message: 'Name the mapper.' }]}
            >
              <Input disabled={!!mapper} />
            </Form.Item>
            {type.fields.map((f) => (
              <FieldInput key={f.key} realm={realm} field={f} />
            ))}
          </Form>
        </>
      )}
    </SubmitModal>
  );
}

function FieldInput({ realm, field }: { realm: string; field: MapperField }) {
  const common = { name: ['config', field.key], label: field.label, extra: field.help };
  switch (field.kind) {
    case 'bool':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'select':
      return (
        <Form.Item {...common}>
          <Select options={(field.options ?? []).map((o) => ({ value: o, label: o }))} style={{ maxWidth: 240 }} />
        </Form.Item>
      );
    case 'client':
      return (
        <Form.Item {...common}>
          <ClientIdSelect realm={realm} label={field.label} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item
          {...common}
          rules={
            field.required && !field.default
              ? [{ required: true, whitespace: true, message: `Give the ${field.label.toLowerCase()}.` }]
              : []
          }
        >
          <Input aria-label={field.label} />
        </Form.Item>
      );
  }
}

/** Chooses a clientId of the realm (mapper configs name clients by clientId). */
function ClientIdSelect({
  realm,
  label,
  value,
  onChange,
}: {
  realm: string;
  label: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const [search, setSearch] = useState('');
  const clients = useLoader(() => clientApi.list(realm, search, 0, 50), [realm, search]);
  return (
    <Select
      aria-label={label}
      allowClear
      style={{ maxWidth: 320 }}
      placeholder="Choose a client"
      value={value || undefined}
      onChange={(v) => onChange?.(v ?? '')}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      loading={clients.loading}
      options={(clients.data?.items ?? []).map((c) => ({ value: c.clientId, label: c.clientId }))}
    />
  );
}
