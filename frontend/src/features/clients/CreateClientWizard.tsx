import { Alert, Button, Flex, Form, Modal, Result, Steps, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { AppError, ErrorCode, toAppError } from '@/lib/errors';
import { allValues, fieldValue } from '@/lib/form';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { clientApi, type OIDCClient } from './api';
import { AccessFields, GeneralFields, UrlFields } from './ClientFields';
import { newClientValues, problems, toInput, warnings, type ClientFormValues } from './formState';
import { SecretField } from './SecretField';

export interface CreateClientWizardProps {
  realm: string;
  open: boolean;
  onClose: () => void;
  /** The client exists; the wizard shows its secret (if any) until closed. */
  onCreated: (client: OIDCClient) => void;
  /** Opens the new client's page. */
  onOpen: (client: OIDCClient) => void;
}

const steps = [
  { title: 'Client', fields: ['clientId', 'name', 'description', 'enabled'] },
  { title: 'Access', fields: ['accessType', 'standardFlow', 'directAccessGrants', 'serviceAccount'] },
  { title: 'URLs', fields: ['rootUrl', 'redirectUris', 'webOrigins'] },
] as const;

/** Creates an OpenID Connect client in three steps, then shows its secret once. */
export function CreateClientWizard({ realm, open, onClose, onCreated, onOpen }: CreateClientWizardProps) {
  const [form] = Form.useForm<ClientFormValues>();
  const [step, setStep] = useState(0);
  const [created, setCreated] = useState<{ client: OIDCClient; secret?: string }>();
  // undefined until the form has mounted, whatever antd's type says.
  const values: ClientFormValues | undefined = Form.useWatch([], form);
  const current = values ? { ...newClientValues(), ...values } : undefined;

  function reset() {
    form.resetFields();
    setStep(0);
    create.clearError();
    setCreated(undefined);
  }

  // A client ID that is taken is said on the first step, under the field, rather than
  // by Keycloak two steps later.
  function clientIdTaken(clientId: string) {
    form.setFields([
      { name: 'clientId', errors: [`Realm ${realm} already has a client “${clientId}”: choose another ID.`] },
    ]);
    setStep(0);
  }

  async function next() {
    await form.validateFields([...steps[step].fields]);
    if (step === 0) {
      const clientId = fieldValue(form, 'clientId')?.trim() ?? '';
      const existing = await clientApi.list(realm, clientId, 0, 50).catch(() => undefined);
      if (existing?.items?.some((c) => c.clientId === clientId)) {
        clientIdTaken(clientId);
        return;
      }
    }
    setStep((s) => s + 1);
  }

  const create = useSubmit(async () => {
    const v = { ...newClientValues(), ...allValues(form) };
    const found = problems(v);
    if (found.length > 0) throw new AppError(ErrorCode.InvalidInput, 'Some values are not valid.', found);
    try {
      const client = await clientApi.create(realm, toInput(v));
      const secret = client.public ? undefined : await clientApi.secret(realm, client.id);
      notify.success(`Client ${client.clientId} created`);
      setCreated({ client, secret });
      onCreated(client);
    } catch (err) {
      // A taken client ID is said under its field on the first step, not as an error here.
      if (!toAppError(err).is(ErrorCode.Conflict)) throw err;
      clientIdTaken(v.clientId.trim());
    }
  });
  const busy = create.busy;

  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const footer = created ? (
    <Flex justify="end" gap={8}>
      <Button onClick={close}>Close</Button>
      <Button
        type="primary"
        onClick={() => {
          const c = created.client;
          reset();
          onOpen(c);
        }}
      >
        Open client
      </Button>
    </Flex>
  ) : (
    <Flex justify="end" gap={8}>
      <Button onClick={close} disabled={busy}>
        Cancel
      </Button>
      {step > 0 && (
        <Button onClick={() => setStep((s) => s - 1)} disabled={busy}>
          Back
        </Button>
      )}
      {step < steps.length - 1 ? (
        <Button type="primary" onClick={() => next().catch(() => undefined)}>
          Next
        </Button>
      ) : (
        <Button type="primary" loading={busy} onClick={() => void create.run()}>
          Create
        </Button>
      )}
    </Flex>
  );

  return (
    <Modal open={open} title="Create client" width={640} footer={footer} onCancel={close} destroyOnHidden>
      {created ? (
        <Result
          status="success"
          title={`Client ${created.client.clientId} created`}
          subTitle={
            created.secret !== undefined
              ? 'Copy the secret into the application that uses this client. You can see it again on the client’s Credentials tab.'
              : 'A public client has no secret.'
          }
          extra={created.secret !== undefined && <SecretField secret={created.secret} initiallyVisible />}
        />
      ) : (
        <>
          <Steps
            size="small"
            current={step}
            items={steps.map((s) => ({ title: s.title }))}
            style={{ marginBottom: 24 }}
          />
          <ErrorAlert error={create.error} />
          <Form<ClientFormValues>
            form={form}
            layout="vertical"
            initialValues={newClientValues()}
            onValuesChange={(changed: Partial<ClientFormValues>) => {
              if (changed.accessType === 'public') form.setFieldValue('serviceAccount', false);
            }}
            preserve
          >
            <div hidden={step !== 0}>
              <GeneralFields />
            </div>
            <div hidden={step !== 1}>
              <AccessFields />
            </div>
            <div hidden={step !== 2}>
              <UrlFields />
            </div>
          </Form>
          {step === steps.length - 1 &&
            current &&
            warnings(current).map((w) => (
              <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 8 }} />
            ))}
          {step === steps.length - 1 && (
            <Typography.Paragraph type="secondary">
              The client gets the realm’s default client scopes; tokens carry their claims.
            </Typography.Paragraph>
          )}
        </>
      )}
    </Modal>
  );
}
