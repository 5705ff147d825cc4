import { Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { profilesApi, type Profile } from './api';

/** Asks for the copy's name and duplicates the profile (settings, secret, routes). */
export function DuplicateModal({
  profile,
  onClose,
  onDone,
}: {
  profile: Profile | undefined;
  onClose: () => void;
  onDone: (p: Profile) => void;
}) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    if (profile) {
      setName(`${profile.name} copy`);
      setError(undefined);
    }
  }, [profile]);

  async function run() {
    if (!profile) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await profilesApi.duplicate(profile.id, name));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={profile !== undefined}
      title={profile ? `Duplicate “${profile.name}”` : ''}
      okText="Duplicate"
      confirmLoading={busy}
      onOk={() => void run()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical" onFinish={() => void run()}>
        <Form.Item label="Name of the copy" htmlFor="duplicate-name">
          <Input id="duplicate-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
