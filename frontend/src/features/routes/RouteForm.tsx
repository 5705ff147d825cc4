import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Flex, Form, Input, Radio, Select, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { SwitchField } from '@/components/SwitchField';
import { useDiscardGuard } from '@/components/useDiscardGuard';
import { allValues, fieldValue } from '@/lib/form';
import { authModes, routesApi, type Problem, type RoleCheck, type RouteConfig, type RouteFile } from './api';
import {
  fileFieldFor,
  problemFields,
  problemText,
  routeLabel,
  routeProblems,
  toFormValues,
  toRoute,
  withRoute,
  type RouteFormValues,
} from './formState';
import { setAside } from './authModeFields';

const methodOptions = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => ({ value: m, label: m }));

export interface RouteFormProps {
  open: boolean;
  /** The whole file, so validation sees duplicates and overlaps with the other routes. */
  config: RouteConfig;
  /** Position of the route being edited; -1 adds a new one. */
  index: number;
  readOnly: boolean;
  onClose: () => void;
  onSaved: (file: RouteFile) => void;
}

/**
 * Add or edit one route. Every change is checked by the Go validator (the
 * same one `tandemctl routes validate` runs) after a short pause, and each
 * problem is shown under its field before anything is saved.
 */
export function RouteForm({ open, config, index, readOnly, onClose, onSaved }: RouteFormProps) {
  const [form] = Form.useForm<RouteFormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [other, setOther] = useState<Problem[]>([]);
  const [headerErrors, setHeaderErrors] = useState<string[]>([]);
  const [checking, setChecking] = useState(false);
  const [roleCheck, setRoleCheck] = useState<RoleCheck | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const generation = useRef(0);
  const auth = Form.useWatch('auth', form);
  // Fields the auth mode sets aside (setAside): a rate is turned off, a switch hidden.
  const ratePerIdentity = Form.useWatch((v: RouteFormValues) => v.ratePerIdentity, form);
  const rateAnonymous = Form.useWatch((v: RouteFormValues) => v.rateAnonymous, form);
  const login = Form.useWatch((v: RouteFormValues) => v.login, form);
  const passToken = Form.useWatch((v: RouteFormValues) => v.passToken, form);
  const original = index >= 0 ? config.routes[index] : undefined;
  const name = Form.useWatch((v: RouteFormValues) => v.name, form);
  const position = index >= 0 ? index : (config.routes ?? []).length;
  const roleWarnings = (roleCheck?.warnings ?? []).filter(
    (w) => w.route === (name?.trim() ? name.trim() : `#${position + 1}`),
  );
  const close = useDiscardGuard(form, onClose, original ? `the route “${original.name}”` : 'the new route');

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toFormValues(original));
      setError(undefined);
      setOther([]);
      setHeaderErrors([]);
      setRoleCheck(undefined);
      routesApi.checkRoles(config).then(setRoleCheck, () => undefined);
    }
    return () => clearTimeout(timer.current);
  }, [open, original, form, config]);

  async function validate(): Promise<boolean> {
    const gen = ++generation.current;
    const route = toRoute(allValues(form));
    setChecking(true);
    try {
      const next = withRoute(config, index, route);
      // Roles are checked against Keycloak beside the validation: a slow or failed read of the realm
      // never holds up the form, and an unknown role is a warning, never a reason not to save.
      void routesApi.checkRoles(next).then(
        (rc) => gen === generation.current && setRoleCheck(rc),
        () => undefined,
      );
      const result = await routesApi.validate(next);
      if (gen !== generation.current) return result.valid; // a newer check is on its way
      const { fields, other: rest } = routeProblems(result.problems ?? [], routeLabel(route, position));
      form.setFields(problemFields.map((name) => ({ name, errors: fields[fileFieldFor(name)] ?? [] })));
      setOther(rest);
      setHeaderErrors(fields.headers ?? []);
      return result.valid;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      if (gen === generation.current) setChecking(false);
    }
  }

  function scheduleValidate() {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void validate(), 300);
  }

  async function save() {
    clearTimeout(timer.current);
    setError(undefined);
    if (!(await validate())) return;
    setSaving(true);
    try {
      onSaved(await routesApi.saveRoute(original?.name ?? '', toRoute(allValues(form))));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={() => void close()}
      size={560}
      title={original ? `Edit route “${original.name}”` : 'New route'}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary" aria-live="polite">
            {checking ? 'Checking…' : ''}
          </Typography.Text>
          <Flex gap={8}>
            <Button onClick={() => void close()}>Cancel</Button>
            <Button type="primary" onClick={() => void save()} loading={saving} disabled={readOnly}>
              {original ? 'Save route' : 'Add route'}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <ErrorAlert error={error} />
      {other.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="The route file has other problems"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {other.map((p, i) => (
                <li key={i}>{problemText(p)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form
        form={form}
        name="route"
        layout="vertical"
        requiredMark={false}
        aria-label="Route"
        disabled={readOnly}
        onValuesChange={scheduleValidate}
        onFinish={() => void save()}
      >
        <Form.Item name="name" label="Name" extra="Unique in the file; shown in the request log.">
          <Input autoFocus maxLength={64} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="path"
            label="Path"
            style={{ flex: 2 }}
            extra="Prefix by whole segments: /api/feed matches /api/feed/x, not /api/feedback."
          >
            <Input placeholder="/api/feed" />
          </Form.Item>
          <Form.Item name="methods" label="Methods" style={{ flex: 1 }} extra="Empty: any method.">
            <Select mode="tags" aria-label="Methods" options={methodOptions} placeholder="any" />
          </Form.Item>
        </Flex>
        <Form.Item name="host" label="Host" extra="Empty: any host. A name, or name:port.">
          <Input placeholder="any host" />
        </Form.Item>
        <Form.Item name="upstream" label="Upstream" extra="Where matching requests go: an http(s) URL.">
          <Input placeholder="http://127.0.0.1:9090" />
        </Form.Item>
        <Form.Item name="auth" label="Auth mode" extra={authModes.find((m) => m.value === auth)?.help}>
          <Radio.Group
            optionType="button"
            options={authModes.map((m) => ({ value: m.value, label: m.label }))}
            aria-label="Auth mode"
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label="Roles"
          extra={
            'Any one of these is enough. Realm roles, or "client:role" for a client role. Only for required routes.'
          }
          hidden={setAside('roles', auth, fieldValue(form, 'roles'))}
        >
          <Select
            mode="tags"
            aria-label="Roles"
            placeholder="no role needed"
            options={(roleCheck?.known ?? []).map((r) => ({ value: r, label: r }))}
            tokenSeparators={[',', ' ']}
          />
        </Form.Item>
        {roleWarnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            role="status"
            style={{ marginTop: -12, marginBottom: 16 }}
            title={roleWarnings.map((w) => w.fieldSentence).join(' ')}
            description={`Saved anyway if you want: the route file may be meant for another realm than ${roleCheck?.realm ?? 'this one'}.`}
          />
        )}
        <Form.Item
          label="Identity headers"
          extra="Extra or overriding header → claim path mappings for this route (e.g. X-Client-Roles → resource_access.web.roles)."
        >
          <Form.List name="headers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="baseline">
                    <Form.Item name={[field.name, 'header']} style={{ flex: 1, marginBottom: 8 }}>
                      <Input placeholder="X-Header" aria-label="Header name" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'claim']} style={{ flex: 1, marginBottom: 8 }}>
                      <Input placeholder="claim.path" aria-label="Claim path" />
                    </Form.Item>
                    <MinusCircleOutlined aria-label="Remove header" onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined aria-hidden />}
                  onClick={() => add({ header: '', claim: '' })}
                >
                  Add header
                </Button>
                {headerErrors.map((msg, i) => (
                  <Typography.Text key={i} type="danger" role="alert" style={{ display: 'block', marginTop: 4 }}>
                    {msg}
                  </Typography.Text>
                ))}
              </>
            )}
          </Form.List>
        </Form.Item>
        <SwitchField name="stripPrefix" label="Strip prefix" extra="Forward /api/feed/x as /x." />
        <Flex gap={12}>
          <RouteSwitch
            name="login"
            label="Sign in browsers"
            extra="A page visit without credentials goes to the sign-in page instead of a 401. Needs the file's login block; only for required routes."
            hidden={setAside('login', auth, login)}
          />
          <RouteSwitch
            name="passToken"
            label="Pass the session's token"
            extra="Forward a signed-in browser's access token to the upstream as Authorization: Bearer. Not for public routes."
            hidden={setAside('passToken', auth, passToken)}
          />
        </Flex>
        <Flex gap={12}>
          <RateField
            name="ratePerIdentity"
            label="Rate limit per identity"
            extra="Per token subject, e.g. 100/min (units s, min, h). Empty: no limit."
            placeholder="100/min"
            disabled={readOnly || setAside('ratePerIdentity', auth, ratePerIdentity)}
          />
          <RateField
            name="rateAnonymous"
            label="Rate limit without identity"
            extra="Per client address, e.g. 20/min. Each proxy instance counts on its own."
            placeholder="20/min"
            disabled={readOnly || setAside('rateAnonymous', auth, rateAnonymous)}
          />
        </Flex>
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}

interface SideFieldProps {
  name: keyof RouteFormValues;
  label: string;
  extra: string;
}

/** A switch in a row of two; its label is also its accessible name. */
function RouteSwitch({ name, label, extra, hidden }: SideFieldProps & { hidden: boolean }) {
  return (
    <Form.Item name={name} label={label} valuePropName="checked" style={{ flex: 1 }} extra={extra} hidden={hidden}>
      <Switch aria-label={label} />
    </Form.Item>
  );
}

/** A rate limit ("100/min") in a row of two. */
function RateField({
  name,
  label,
  extra,
  placeholder,
  disabled,
}: SideFieldProps & { placeholder: string; disabled: boolean }) {
  return (
    <Form.Item name={name} label={label} style={{ flex: 1 }} extra={extra}>
      <Input placeholder={placeholder} disabled={disabled} />
    </Form.Item>
  );
}
