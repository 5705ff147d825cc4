import { Alert, Button, Card, Col, Form, Row } from 'antd';
import { useEffect } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { AppError, ErrorCode } from '@/lib/errors';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { clientApi, type OIDCClient } from './api';
import { AccessFields, GeneralFields, UrlFields } from './ClientFields';
import { problems, toFormValues, toInput, warnings, type ClientFormValues } from './formState';

export interface SettingsTabProps {
  realm: string;
  client: OIDCClient;
  onSaved: () => void;
}

/** Edits what Tandem manages of a client; everything else about it stays. */
export function SettingsTab({ realm, client, onSaved }: SettingsTabProps) {
  const [form] = Form.useForm<ClientFormValues>();
  const readOnly = useReadOnly();
  // undefined until the form has mounted, whatever antd's type says.
  const values: ClientFormValues | undefined = Form.useWatch([], form);
  const editable = client.protocol === 'openid-connect' && !client.bearerOnly;

  useEffect(() => {
    form.setFieldsValue(toFormValues(client));
  }, [form, client]);

  const save = useSubmit(async (v: ClientFormValues) => {
    const found = problems(v);
    if (found.length > 0) throw new AppError(ErrorCode.InvalidInput, 'Some values are not valid.', found);
    await clientApi.update(realm, client.id, toInput(v));
    notify.success(`Client ${v.clientId} saved`);
    onSaved();
  });

  return (
    <>
      {!editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            client.bearerOnly
              ? 'A bearer-only client gets no tokens itself; edit it in the Keycloak admin console.'
              : `A ${client.protocol} client: only OpenID Connect clients are edited here.`
          }
        />
      )}
      <ErrorAlert error={save.error} />
      <Form<ClientFormValues>
        form={form}
        layout="vertical"
        initialValues={toFormValues(client)}
        onFinish={(v) => void save.run(v)}
        disabled={readOnly || !editable}
        onValuesChange={(changed: Partial<ClientFormValues>) => {
          if (changed.accessType === 'public') form.setFieldValue('serviceAccount', false);
        }}
      >
        <Row gutter={24}>
          <Col xs={24} xl={12}>
            <Card size="small" title="Client" style={{ marginBottom: 16 }}>
              <GeneralFields />
            </Card>
            <Card size="small" title="Access" style={{ marginBottom: 16 }}>
              <AccessFields />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title="URLs" style={{ marginBottom: 16 }}>
              <UrlFields />
            </Card>
            {values &&
              warnings(values).map((w) => (
                <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 8 }} />
              ))}
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.busy}>
          Save
        </Button>
      </Form>
    </>
  );
}
