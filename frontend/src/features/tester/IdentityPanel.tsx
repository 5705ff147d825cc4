import { Button, Checkbox, Flex, Form, Input, Segmented, Select, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { LabeledInput, type LabeledInputProps } from '@/components/LabeledInput';
import { optionsOf } from '@/lib/options';
import type { DecodedToken, TesterSetup } from './api';
import { testerApi } from './api';
import { sessionVariants, switchKind, type IdentityForm, type IdentityKind } from './model';
import { TokenExpiry } from './TokenExpiry';

export interface IdentityPanelProps {
  setup: TesterSetup;
  value: IdentityForm;
  onChange: (next: IdentityForm) => void;
}

/** The parts of an identity typed as text. */
type TextField = 'username' | 'password' | 'clientId' | 'clientSecret' | 'realm';

const kinds = optionsOf<IdentityKind>({
  anonymous: 'Anonymous',
  password: 'User',
  client: 'Service account',
  token: 'Paste token',
  session: 'Browser session',
});

/** Who the request is sent as: anonymous, a realm user, a service account or a pasted token, maybe damaged. */
export function IdentityPanel({ setup, value, onChange }: IdentityPanelProps) {
  const set = (patch: Partial<IdentityForm>) => onChange({ ...value, ...patch });
  const hints = setup.hints;
  // One text field of the identity, showing and changing the part of it named by key.
  const field = (key: TextField, props: Omit<LabeledInputProps, 'value' | 'onChange'>) => (
    <LabeledInput {...props} value={value[key]} onChange={(text) => onChange({ ...value, [key]: text })} />
  );
  // A realm user's name and password, for a token request or a browser sign-in: only the help differs.
  const userFields = (userHelp: string | undefined, passwordHelp: string) => (
    <>
      {field('username', {
        label: 'Username',
        flex: '1 1 140px',
        extra: userHelp,
        placeholder: hints?.validUser ?? 'username',
        autoComplete: 'off',
      })}
      {field('password', { label: 'Password', flex: '1 1 140px', extra: passwordHelp, secret: true })}
    </>
  );

  return (
    <div>
      <Form.Item label="Send as" style={{ marginBottom: 12 }}>
        <Segmented
          aria-label="Identity"
          // Five identities do not fit a narrow column: the options wrap instead of being cut off.
          className="tandem-wrap-segmented"
          options={kinds}
          value={value.kind}
          onChange={(kind) => onChange(switchKind(value, kind, setup))}
        />
      </Form.Item>

      {value.kind === 'password' && (
        <Flex gap={8} wrap="wrap">
          {userFields(undefined, 'Used for one token request, never saved.')}
          {field('clientId', {
            label: 'Client',
            flex: '1 1 110px',
            extra: 'Needs direct access grants.',
            placeholder: setup.client,
          })}
          {field('realm', {
            label: 'Realm',
            flex: '1 1 110px',
            extra: "Empty: the route's realm. Another realm tests a foreign token.",
            placeholder: setup.realm || 'issuer realm',
          })}
        </Flex>
      )}

      {value.kind === 'session' && (
        <Flex gap={8} wrap="wrap">
          {userFields(
            "Signed in through the proxy's own flow and the identity provider's login page, as a browser is.",
            'Posted once to the login form, never saved; signed out when done.',
          )}
        </Flex>
      )}

      {value.kind === 'client' && (
        <Flex gap={8} wrap="wrap" align="flex-start">
          {field('clientId', { label: 'Client ID', flex: '1 1 160px' })}
          {field('clientSecret', {
            label: 'Client secret',
            flex: '1 1 160px',
            extra: 'Used for one token request, never saved.',
            secret: true,
          })}
          {hints?.serviceClient && (
            <Form.Item label=" ">
              <Button onClick={() => set({ clientId: hints.serviceClient, clientSecret: hints.serviceSecret })}>
                Use {hints.serviceClient}
              </Button>
            </Form.Item>
          )}
        </Flex>
      )}

      {value.kind === 'token' && <PastedToken token={value.token} onChange={(token) => set({ token })} />}

      <Flex gap={16} wrap="wrap" align="center">
        <Form.Item
          label={value.kind === 'session' ? 'Session variant' : 'Token variant'}
          style={{ flex: '1 1 220px', marginBottom: 8 }}
        >
          <Select
            aria-label={value.kind === 'session' ? 'Session variant' : 'Token variant'}
            disabled={value.kind === 'anonymous'}
            value={value.kind === 'anonymous' ? '' : value.variant}
            onChange={(variant) => set({ variant })}
            options={[
              { value: '', label: 'As issued' },
              ...(value.kind === 'session' ? sessionVariants : setup.variants).map((v) => ({
                value: v.id,
                label: (
                  <Tooltip title={v.description} placement="right">
                    <span>{v.label}</span>
                  </Tooltip>
                ),
              })),
            ]}
          />
        </Form.Item>
        <Tooltip
          title={`Adds made-up ${setup.identityHeaders.join(', ')} (and their x_user_… spellings): the proxy must strip them.`}
        >
          <Checkbox
            checked={value.spoofHeaders && value.kind !== 'session'}
            disabled={value.kind === 'session'}
            onChange={(e) => set({ spoofHeaders: e.target.checked })}
          >
            Spoof identity headers
          </Checkbox>
        </Tooltip>
      </Flex>
    </div>
  );
}

/** The token field with a live, unverified decode under it. */
function PastedToken({ token, onChange }: { token: string; onChange: (t: string) => void }) {
  const [decoded, setDecoded] = useState<DecodedToken | undefined>();
  const [problem, setProblem] = useState<string>('');
  useEffect(() => {
    if (!token.trim()) {
      setDecoded(undefined);
      setProblem('');
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      testerApi.decode(token).then(
        (d) => live && (setDecoded(d), setProblem('')),
        (e: Error) => live && (setDecoded(undefined), setProblem(e.message)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [token]);
  return (
    <Form.Item label="Token" extra="Sent as it is; never saved." style={{ marginBottom: 12 }}>
      <Input.TextArea
        aria-label="Token"
        rows={3}
        value={token}
        placeholder="eyJhbGciOi…"
        onChange={(e) => onChange(e.target.value)}
        style={{ fontFamily: 'monospace' }}
      />
      {decoded && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          Decoded without verification: {decoded.username || decoded.subject || 'no subject'} ·{' '}
          {decoded.issuer || 'no issuer'} · <TokenExpiry expiresAt={decoded.expiresAt} />
        </Typography.Text>
      )}
      {problem && (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }}>
          {problem}
        </Typography.Text>
      )}
    </Form.Item>
  );
}
