import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmTyped } from '@/components/ConfirmTyped';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { clientApi, type OIDCClient } from './api';
import { SecretField } from './SecretField';

export interface CredentialsTabProps {
  realm: string;
  client: OIDCClient;
}

/** The secret of a confidential client: read on demand, regenerated behind a typed confirmation. */
export function CredentialsTab({ realm, client }: CredentialsTabProps) {
  const readOnly = useReadOnly();
  const [secret, setSecret] = useState<string>();
  const [regenerating, setRegenerating] = useState(false);
  const reveal = useSubmit(async () => setSecret(await clientApi.secret(realm, client.id)));

  if (client.public || client.bearerOnly) {
    return <Alert type="info" showIcon title="This client has no secret: only confidential clients have one." />;
  }

  return (
    <Card size="small" title="Client secret">
      <Typography.Paragraph type="secondary">
        The application sends it with its client id to get tokens. It is read from Keycloak only when you ask, and never
        stored by Tandem.
      </Typography.Paragraph>
      <ErrorAlert error={reveal.error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        {secret !== undefined ? (
          <SecretField secret={secret} />
        ) : (
          <Button onClick={() => void reveal.run()} loading={reveal.busy}>
            Show secret
          </Button>
        )}
        <Button danger icon={<ReloadOutlined aria-hidden />} disabled={readOnly} onClick={() => setRegenerating(true)}>
          Regenerate secret
        </Button>
      </Space>
      <ConfirmTyped
        open={regenerating}
        title={`Regenerate the secret of “${client.clientId}”?`}
        okText="Regenerate"
        name={client.clientId}
        onClose={() => setRegenerating(false)}
        onConfirm={async () => {
          const fresh = await clientApi.regenerateSecret(realm, client.id, client.clientId);
          setSecret(fresh);
          notify.success(`New secret for ${client.clientId}`);
        }}
      >
        Every application still using the current secret stops getting tokens until it is given the new one.
      </ConfirmTyped>
    </Card>
  );
}
