import { ExportOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Descriptions, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useActiveProfile } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { useSubmit, type Submit } from '@/lib/useSubmit';
import { proxyApi, type SignInState } from './api';

/** Where a sign-in secret comes from, as the panel says it. */
export const sourceText: Record<string, string> = {
  none: 'none',
  file: 'the file the route file names',
  environment: 'the environment',
  profile: 'kept with this profile',
  demo: "the demo client's fixed secret (local demos only)",
};

/**
 * Browser sign-in on the Proxy screen: the route file's client, where the
 * client secret and cookie keys come from, the profile's cookie keys with
 * rotation, whether sign-in works and why not, and a route opened in the
 * browser.
 */
export function SignInPanel({ running }: { running: boolean }) {
  // Read again when the proxy starts or stops and when another profile becomes active.
  const { key: profileKey } = useActiveProfile();
  const loaded = useLoader(() => proxyApi.signIn(), [running, profileKey]);
  const st = loaded.data;
  const setSt = loaded.setData;
  const [secret, setSecret] = useState('');
  const [route, setRoute] = useState<string | undefined>(undefined);

  const rotate = useChange(setSt, proxyApi.rotateCookieKey, 'A new cookie key seals sessions from now on.');
  const drop = useChange(setSt, proxyApi.dropOldCookieKeys, 'Only the sealing key is kept.');
  const keepSecret = useChange(
    setSt,
    () => proxyApi.setClientSecret(secret),
    'The client secret is kept with the profile.',
  );
  const clearSecret = useChange(setSt, () => proxyApi.setClientSecret(''), 'The kept client secret was removed.');
  const open = useSubmit(async (name: string) => {
    const url = await proxyApi.openInBrowser(name);
    notify.info(`Opened ${url} in the browser.`);
  });
  const actions = [rotate, drop, keepSecret, clearSecret, open];
  // The panel shows one failure: the last action's, else the loading's. Each action starts from a clean slate.
  const error = actions.find((a) => a.error)?.error ?? loaded.error;
  function perform<A extends unknown[]>(action: Submit<A>, ...args: A): Promise<boolean> {
    for (const a of actions) a.clearError();
    return action.run(...args);
  }
  const routeToOpen = route ?? firstLoginRoute(st);

  const keys = st?.keys ?? [];
  const editable = st !== undefined && st.clientSecret !== 'file' && st.clientSecret !== 'environment';
  return (
    <Card size="small" title="Browser sign-in" style={{ marginBottom: 16 }}>
      <ErrorAlert error={error} />
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="Status">
          <span aria-label="Sign-in status">
            <Badge status={st?.enabled ? 'success' : 'default'} text={st?.enabled ? 'enabled' : 'disabled'} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="Client">
          {st?.clientId ? <Typography.Text code>{st.clientId}</Typography.Text> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="Client secret">
          <span aria-label="Client secret source">
            {st
              ? st.clientSecret === 'none'
                ? 'none: signs in as a public client (PKCE)'
                : sourceText[st.clientSecret]
              : '—'}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="Cookie keys">
          <span aria-label="Cookie keys">
            {st?.cookieKeys === 'file' || st?.cookieKeys === 'environment'
              ? sourceText[st.cookieKeys]
              : keys.length === 0
                ? 'none yet: the first start makes one'
                : `${keys.length} kept with this profile`}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {st?.reason && (
        <Alert
          type={st.enabled ? 'info' : 'warning'}
          showIcon
          style={{ margin: '8px 0' }}
          title={st.enabled ? 'Sign-in is on' : 'Sign-in is off'}
          description={st.reason}
        />
      )}
      {keys.length > 0 && (
        <Space wrap style={{ margin: '8px 0' }} aria-label="Cookie key list">
          {keys.map((k, i) => (
            <Tag key={i} icon={<KeyOutlined aria-hidden />} color={k.seals ? 'blue' : undefined}>
              {k.seals ? 'seals' : 'opens'} · created {new Date(k.created).toLocaleString()}
            </Tag>
          ))}
        </Space>
      )}
      <Space wrap style={{ marginTop: 8 }}>
        <Popconfirm
          title="Rotate the cookie key?"
          description="A new key seals new sessions; the old ones still open existing sessions."
          onConfirm={() => void perform(rotate)}
        >
          <Button loading={rotate.busy}>Rotate key</Button>
        </Popconfirm>
        <Popconfirm
          title="Drop the old cookie keys?"
          description="Browsers whose session was sealed with an old key will have to sign in again."
          onConfirm={() => void perform(drop)}
        >
          <Button danger disabled={keys.length < 2} loading={drop.busy}>
            Drop old keys
          </Button>
        </Popconfirm>
      </Space>
      {editable && (
        <Space.Compact style={{ display: 'flex', marginTop: 12, maxWidth: 520 }}>
          <Input.Password
            aria-label="Sign-in client secret"
            placeholder={
              st?.clientSecretKept
                ? 'A secret is kept: type a new one to replace it'
                : 'Client secret (kept with the profile)'
            }
            value={secret}
            autoComplete="new-password"
            onChange={(e) => setSecret(e.target.value)}
          />
          <Button
            disabled={secret.trim() === ''}
            loading={keepSecret.busy}
            onClick={() => void perform(keepSecret).then((done) => done && setSecret(''))}
          >
            Keep secret
          </Button>
          {st?.clientSecretKept && (
            <Button loading={clearSecret.busy} onClick={() => void perform(clearSecret)}>
              Remove
            </Button>
          )}
        </Space.Compact>
      )}
      <Space.Compact style={{ display: 'flex', marginTop: 12, maxWidth: 520 }}>
        <Select
          aria-label="Route to open"
          style={{ flex: 1 }}
          value={routeToOpen}
          onChange={setRoute}
          options={(st?.routes ?? []).map((r) => ({
            value: r.name,
            label: `${r.name} (${r.path})${r.login ? ' · signs in' : ''}`,
          }))}
        />
        <Button
          icon={<ExportOutlined aria-hidden />}
          disabled={!running || !routeToOpen}
          loading={open.busy}
          onClick={() => routeToOpen && void perform(open, routeToOpen)}
          title={running ? undefined : 'Start the proxy first'}
        >
          Open in browser
        </Button>
      </Space.Compact>
    </Card>
  );
}

/** A change to the sign-in settings: the state it answers replaces the panel's, and its success is toasted. */
function useChange(
  setState: (st: SignInState) => void,
  change: () => Promise<SignInState>,
  success: string,
): Submit<[]> {
  return useSubmit(async () => setState(await change()), { success });
}

/** The route the panel offers first: one that signs browsers in, else the first. */
function firstLoginRoute(st: SignInState | undefined): string | undefined {
  return st?.routes.find((r) => r.login)?.name ?? st?.routes[0]?.name;
}
