import { DeleteOutlined, ExportOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Skeleton, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ConfirmDelete } from '@/components/ConfirmDelete';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { SwitchField } from '@/components/SwitchField';
import { WriteButton } from '@/components/WriteButton';
import { useLoader } from '@/lib/useLoader';
import { realmApi, unmanagedPolicies } from './api';
import { exportRealm } from './exportRealm';
import { fromForm, toForm, type SettingsForm } from './formState';
import { KeysTab } from './KeysTab';
import { PolicyForm } from './PolicyForm';
import { policyTabs } from './PolicyTabs';
import { toRealms } from './routes';
import { useActiveRealm } from './useActiveRealm';

export function RealmSettingsPage() {
  const { realm = '' } = useParams();
  const { profileKey } = useActiveRealm(realm);
  const loaded = useLoader(() => realmApi.get(realm), [profileKey, realm]);
  const policies = useLoader(() => realmApi.policies(realm), [profileKey, realm]);
  // The policy tabs and the main settings share fields (both reread after any save).
  const reloadAll = () => {
    loaded.reload();
    policies.reload();
  };
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'settings';

  const settings = loaded.data?.settings;
  const initial = useMemo(() => (settings ? toForm(settings) : undefined), [settings]);

  return (
    <>
      <PageHeader
        title={`Realm ${realm}`}
        subtitle={<Link to={toRealms()}>All realms</Link>}
        actions={
          <>
            <Button icon={<ExportOutlined aria-hidden />} onClick={() => exportRealm(realm)}>
              Export
            </Button>
            <WriteButton
              danger
              icon={<DeleteOutlined aria-hidden />}
              disabled={realm === 'master'}
              onClick={() => setDeleting(true)}
            >
              Delete
            </WriteButton>
          </>
        }
      />
      <ReadOnlyBanner />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <ErrorAlert error={policies.error} onRetry={policies.reload} />
      {loaded.loading && !loaded.data ? (
        <Skeleton active />
      ) : (
        loaded.data && (
          <Tabs
            activeKey={tab}
            onChange={(key) => setParams({ tab: key }, { replace: true })}
            destroyOnHidden
            items={[
              {
                key: 'settings',
                label: 'Settings',
                children: settings && initial && (
                  <PolicyForm<SettingsForm>
                    title="Main settings"
                    success={`Settings of “${realm}” saved`}
                    initial={initial}
                    onSaved={reloadAll}
                    save={(values) => realmApi.updateSettings(realm, fromForm(values, settings))}
                  >
                    <Form.Item name="displayName" label="Display name">
                      <Input />
                    </Form.Item>
                    <SwitchField
                      name="enabled"
                      label="Enabled"
                      extra="Login options, lifespans and brute-force detection have their own tabs."
                    />
                    <Form.Item
                      name="unmanagedAttributes"
                      label="Unmanaged attributes"
                      extra="Custom user attributes that the user profile does not declare are kept only when admins may edit them."
                    >
                      <Select options={unmanagedPolicies} style={{ maxWidth: 360 }} />
                    </Form.Item>
                  </PolicyForm>
                ),
              },
              ...policyTabs({ realm, policies: policies.data, onSaved: reloadAll }),
              { key: 'keys', label: 'Keys', children: <KeysTab realm={realm} /> },
            ]}
          />
        )
      )}
      <ConfirmDelete
        open={deleting}
        kind="realm"
        name={realm}
        success={`Realm “${realm}” deleted`}
        onConfirm={async () => {
          await realmApi.remove(realm, realm);
          void navigate(toRealms());
        }}
        onClose={() => setDeleting(false)}
      >
        Every user, client, group and role in it is deleted with it.
      </ConfirmDelete>
    </>
  );
}
