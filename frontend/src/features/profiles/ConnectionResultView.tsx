import { Alert, Flex, Tag } from 'antd';
import type { ConnectionResult } from './api';

/** The outcome of a connection test: version and realms, or the sentence saying what went wrong. */
export function ConnectionResultView({ result }: { result: ConnectionResult }) {
  if (!result.ok) {
    return <Alert type="error" showIcon role="alert" title="Connection failed" description={result.problem} />;
  }
  const realms = result.realms ?? [];
  return (
    <>
      <Alert
        type="success"
        showIcon
        role="status"
        title={`Connected${result.keycloakVersion ? `: Keycloak ${result.keycloakVersion}` : ''}`}
        description={
          <Flex wrap gap={4} align="center">
            <span>{realms.length === 1 ? '1 realm:' : `${realms.length} realms:`}</span>
            {realms.map((r) => (
              <Tag key={r}>{r}</Tag>
            ))}
          </Flex>
        }
      />
      {result.versionNote && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={result.versionNote} />}
    </>
  );
}
