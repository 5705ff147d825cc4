import { Alert, Descriptions, Flex, Skeleton } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { RolesTab } from '@/features/users/RolesTab';
import { toUser } from '@/features/users/routes';
import { useLoader } from '@/lib/useLoader';
import { clientApi, type OIDCClient } from './api';

export interface ServiceAccountTabProps {
  realm: string;
  client: OIDCClient;
}

/** The user a client logs in as with client credentials, and its roles. */
export function ServiceAccountTab({ realm, client }: ServiceAccountTabProps) {
  const user = useLoader(() => clientApi.serviceAccountUser(realm, client.id), [realm, client.id], {
    enabled: client.serviceAccount,
  });
  if (!client.serviceAccount) {
    return (
      <Alert
        type="info"
        showIcon
        title="This client has no service account. Turn it on in Settings (confidential clients only)."
      />
    );
  }
  const u = user.data;
  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={user.error} onRetry={user.reload} />
      {!u && user.loading && <Skeleton active />}
      {u && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="User">
              <Link to={toUser({ realm, id: u.id })}>{u.username}</Link>
            </Descriptions.Item>
            <Descriptions.Item label="Tokens">
              A client-credentials token of {client.clientId} carries this user&apos;s roles.
            </Descriptions.Item>
          </Descriptions>
          <RolesTab realm={realm} id={u.id} />
        </>
      )}
    </Flex>
  );
}
