import { Alert, Button, Card, Form, InputNumber, Select, Skeleton, Space } from 'antd';
import { useEffect } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { SwitchField } from '@/components/SwitchField';
import { useReadOnly } from '@/features/profiles/activeProfile';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import { commonEventTypes, eventsApi, type EventsConfig } from './api';

interface SettingsForm {
  eventsEnabled: boolean;
  /** Hours; 0 keeps events until deleted. */
  expirationHours: number;
  enabledEventTypes: string[];
  adminEventsEnabled: boolean;
  adminEventsDetailsEnabled: boolean;
}

const toForm = (c: EventsConfig): SettingsForm => ({
  eventsEnabled: c.eventsEnabled,
  expirationHours: c.eventsExpiration / 3600,
  enabledEventTypes: c.enabledEventTypes,
  adminEventsEnabled: c.adminEventsEnabled,
  adminEventsDetailsEnabled: c.adminEventsDetailsEnabled,
});

const fromForm = (f: SettingsForm): EventsConfig => ({
  eventsEnabled: f.eventsEnabled,
  eventsExpiration: Math.round((f.expirationHours ?? 0) * 3600),
  enabledEventTypes: f.enabledEventTypes ?? [],
  adminEventsEnabled: f.adminEventsEnabled,
  adminEventsDetailsEnabled: f.adminEventsDetailsEnabled,
});

/** Whether the realm records login and admin events, and for how long. */
export function EventsSettings({ realm }: { realm: string }) {
  const readOnly = useReadOnly();
  const loaded = useLoader(() => eventsApi.config(realm), [realm]);
  const [form] = Form.useForm<SettingsForm>();
  const save = useSubmit(async (values: SettingsForm) => {
    loaded.setData(await eventsApi.updateConfig(realm, fromForm(values)));
    notify.success(`Events settings of “${realm}” saved`);
  });

  useEffect(() => {
    if (loaded.data) form.setFieldsValue(toForm(loaded.data));
  }, [loaded.data, form]);

  if (loaded.loading && !loaded.data) return <Skeleton active />;
  return (
    <Card title="Recording" style={{ maxWidth: 760 }}>
      <ErrorAlert error={loaded.error ?? save.error} onRetry={loaded.error ? loaded.reload : undefined} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="Keycloak keeps events in its database. Login events expire after the time set here; admin events are kept until deleted in Keycloak."
      />
      <Form form={form} layout="vertical" onFinish={(v) => void save.run(v)} disabled={readOnly}>
        <Space size="large" wrap>
          <SwitchField name="eventsEnabled" label="Save login events" />
          <Form.Item
            name="expirationHours"
            label="Expire login events after"
            extra="0 keeps them until deleted."
            rules={[{ type: 'number', min: 0, message: 'Give 0 or a positive number of hours.' }]}
          >
            <InputNumber min={0} step={24} suffix="hours" style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="enabledEventTypes"
          label="Login event types saved"
          extra="Leave empty to save every type (Keycloak then lists them all)."
        >
          <Select mode="tags" allowClear options={commonEventTypes.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Space size="large" wrap>
          <SwitchField name="adminEventsEnabled" label="Save admin events" />
          <SwitchField
            name="adminEventsDetailsEnabled"
            label="Include representations"
            extra="The JSON sent with each change; it may hold personal data."
          />
        </Space>
        <Button type="primary" htmlType="submit" loading={save.busy}>
          Save
        </Button>
      </Form>
    </Card>
  );
}
