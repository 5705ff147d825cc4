import { Form, InputNumber, Select, Space, type TabsProps } from 'antd';
import { useMemo } from 'react';
import { realmApi, type BruteForcePolicy, type OTPPolicy, type RealmPolicies, type SessionLifespans } from './api';
import { EmailTab } from './EmailTab';
import { PasswordPolicyTab } from './PasswordPolicyTab';
import { PolicyForm } from './PolicyForm';
import { SwitchField } from '@/components/SwitchField';

export interface PolicyTabsInput {
  realm: string;
  policies: RealmPolicies | undefined;
  /** Reloads the page's realm data after a tab saved. */
  onSaved: () => void;
}

/** The realm settings page's policy tabs, each saving on its own. */
export function policyTabs({ realm, policies, onSaved }: PolicyTabsInput): NonNullable<TabsProps['items']> {
  if (!policies) return [];
  const common = { realm, onSaved };
  return [
    { key: 'login', label: 'Login', children: <LoginTab {...common} policies={policies} /> },
    {
      key: 'password-policy',
      label: 'Password policy',
      children: <PasswordPolicyTab {...common} policy={policies.passwordPolicy} />,
    },
    { key: 'otp', label: 'OTP', children: <OtpTab {...common} otp={policies.otp} /> },
    { key: 'brute-force', label: 'Brute force', children: <BruteForceTab {...common} policy={policies.bruteForce} /> },
    {
      key: 'sessions',
      label: 'Tokens and sessions',
      children: <SessionsTab {...common} lifespans={policies.sessions} />,
    },
    { key: 'email', label: 'Email', children: <EmailTab {...common} smtp={policies.smtp} /> },
  ];
}

interface TabProps {
  realm: string;
  onSaved: () => void;
}

function LoginTab({ realm, onSaved, policies }: TabProps & { policies: RealmPolicies }) {
  const sw = (name: keyof RealmPolicies['login'], label: string, extra: string) => (
    <SwitchField name={name} label={label} extra={extra} />
  );
  return (
    <PolicyForm
      title="Login options"
      initial={policies.login}
      onSaved={onSaved}
      save={(v) => realmApi.updateLoginOptions(realm, { ...policies.login, ...v })}
    >
      {sw('registrationAllowed', 'User registration', 'The login page offers a Register link.')}
      {sw('rememberMe', 'Remember me', 'Users may keep their session across browser restarts.')}
      {sw('verifyEmail', 'Verify email', 'Users confirm their email address before their first login.')}
      {sw('loginWithEmailAllowed', 'Login with email', 'Users may type their email address instead of their username.')}
      {sw('resetPasswordAllowed', 'Forgot password', 'The login page offers a reset link (needs the email settings).')}
    </PolicyForm>
  );
}

function OtpTab({ realm, onSaved, otp }: TabProps & { otp: OTPPolicy }) {
  return (
    <PolicyForm
      title="OTP policy"
      initial={otp}
      onSaved={onSaved}
      save={(v) => realmApi.updateOTPPolicy(realm, { ...otp, ...v })}
    >
      {(form) => (
        <>
          <Form.Item
            name="type"
            label="Type"
            extra="Time-based codes change every period; counter-based ones at each use."
          >
            <Select
              style={{ width: 240 }}
              options={[
                { value: 'totp', label: 'Time-based (TOTP)' },
                { value: 'hotp', label: 'Counter-based (HOTP)' },
              ]}
            />
          </Form.Item>
          <Form.Item name="algorithm" label="Algorithm">
            <Select
              style={{ width: 240 }}
              options={['HmacSHA1', 'HmacSHA256', 'HmacSHA512'].map((a) => ({ value: a, label: a }))}
            />
          </Form.Item>
          <Form.Item name="digits" label="Digits">
            <Select style={{ width: 240 }} options={[6, 8].map((d) => ({ value: d, label: `${d} digits` }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => (
              <Form.Item
                name="period"
                label="Period"
                extra="Users who already set up an authenticator app keep the old settings until they set it up again."
                rules={[{ required: true, type: 'number', min: 1, message: 'Give a positive number of seconds.' }]}
              >
                <InputNumber
                  min={1}
                  suffix="seconds"
                  style={{ width: 200 }}
                  disabled={form.getFieldValue('type') === 'hotp'}
                />
              </Form.Item>
            )}
          </Form.Item>
        </>
      )}
    </PolicyForm>
  );
}

/** A required duration the form shows in minutes (Keycloak stores seconds); `bounds` says which values it takes. */
function minutesField(name: string, label: string, extra: string, bounds: { min: number; message?: string }) {
  return (
    <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, type: 'number', ...bounds }]}>
      <InputNumber min={0} suffix="minutes" style={{ width: 200 }} />
    </Form.Item>
  );
}

/** The form shows waits in minutes; Keycloak stores seconds. */
interface BruteForceForm {
  enabled: boolean;
  permanentLockout: boolean;
  failureFactor: number;
  waitIncrementMinutes: number;
  maxFailureWaitMinutes: number;
  maxDeltaTimeMinutes: number;
}

function BruteForceTab({ realm, onSaved, policy }: TabProps & { policy: BruteForcePolicy }) {
  const initial = useMemo<BruteForceForm>(
    () => ({
      enabled: policy.enabled,
      permanentLockout: policy.permanentLockout,
      failureFactor: policy.failureFactor,
      waitIncrementMinutes: policy.waitIncrementSeconds / 60,
      maxFailureWaitMinutes: policy.maxFailureWaitSeconds / 60,
      maxDeltaTimeMinutes: policy.maxDeltaTimeSeconds / 60,
    }),
    [policy],
  );
  const minutes = (name: keyof BruteForceForm, label: string, extra: string) =>
    minutesField(name, label, extra, { min: 0 });
  return (
    <PolicyForm<BruteForceForm>
      title="Brute-force detection"
      initial={initial}
      onSaved={onSaved}
      save={(v) =>
        realmApi.updateBruteForce(realm, {
          enabled: v.enabled,
          permanentLockout: v.permanentLockout,
          failureFactor: v.failureFactor,
          waitIncrementSeconds: Math.round(v.waitIncrementMinutes * 60),
          maxFailureWaitSeconds: Math.round(v.maxFailureWaitMinutes * 60),
          maxDeltaTimeSeconds: Math.round(v.maxDeltaTimeMinutes * 60),
        })
      }
    >
      <Space size="large" wrap>
        <SwitchField name="enabled" label="Enabled" />
        <SwitchField
          name="permanentLockout"
          label="Lock out permanently"
          extra="Disables the user instead of locking it out for a while."
        />
      </Space>
      <Form.Item
        name="failureFactor"
        label="Failures before a lockout"
        rules={[{ required: true, type: 'number', min: 1, message: 'At least 1.' }]}
      >
        <InputNumber min={1} style={{ width: 200 }} />
      </Form.Item>
      {minutes('waitIncrementMinutes', 'Wait increment', 'How long each lockout adds.')}
      {minutes('maxFailureWaitMinutes', 'Maximum wait', 'The longest a user stays locked out.')}
      {minutes('maxDeltaTimeMinutes', 'Failure reset time', 'Failures older than this are forgotten.')}
    </PolicyForm>
  );
}

type SessionsForm = { [K in keyof SessionLifespans]: number };

/** Every lifespan converted (seconds to minutes and back); named one by one, so a new field is a compile error. */
function scaleLifespans(l: SessionsForm, f: (n: number) => number): SessionsForm {
  return {
    accessTokenLifespan: f(l.accessTokenLifespan),
    ssoSessionIdleTimeout: f(l.ssoSessionIdleTimeout),
    ssoSessionMaxLifespan: f(l.ssoSessionMaxLifespan),
    offlineSessionIdleTimeout: f(l.offlineSessionIdleTimeout),
    accessCodeLifespanLogin: f(l.accessCodeLifespanLogin),
  };
}

function SessionsTab({ realm, onSaved, lifespans }: TabProps & { lifespans: SessionLifespans }) {
  // Minutes on the form, seconds in Keycloak.
  const initial = useMemo(() => scaleLifespans(lifespans, (s) => s / 60), [lifespans]);
  const field = (name: keyof SessionLifespans, label: string, extra: string) =>
    minutesField(name, label, extra, { min: 1 / 60, message: 'Give a positive number of minutes.' });
  return (
    <PolicyForm<SessionsForm>
      title="Tokens and sessions"
      initial={initial}
      onSaved={onSaved}
      save={(v) =>
        realmApi.updateSessionLifespans(
          realm,
          scaleLifespans(v, (m) => Math.round(m * 60)),
        )
      }
    >
      {field(
        'accessTokenLifespan',
        'Access token lifespan',
        'How long an access token stays valid; signing a user out does not shorten it.',
      )}
      {field('ssoSessionIdleTimeout', 'SSO session idle', 'A session ends after this long without use.')}
      {field('ssoSessionMaxLifespan', 'SSO session max', 'A session ends this long after login, used or not.')}
      {field('offlineSessionIdleTimeout', 'Offline session idle', 'An offline token unused this long stops working.')}
      {field('accessCodeLifespanLogin', 'Login timeout', 'How long a user may take on the login page.')}
    </PolicyForm>
  );
}
