import { Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { useSubmit } from '@/lib/useSubmit';
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
  const { busy, error, run, clearError } = useSubmit(async () => {
    if (profile) onDone(await profilesApi.duplicate(profile.id, name));
  });

  useEffect(() => {
    if (profile) {
      setName(`${profile.name} copy`);
      clearError();
    }
  }, [profile, clearError]);

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
