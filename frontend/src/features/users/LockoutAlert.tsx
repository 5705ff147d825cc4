import { Alert, Button } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { realmApi } from '@/features/realms/api';
import { notify } from '@/lib/notify';
import { useLoader } from '@/lib/useLoader';

export interface LockoutAlertProps {
  realm: string;
  userId: string;
  readOnly: boolean;
}

/** Says when brute-force detection has locked the user out, until when, and offers to unlock. */
export function LockoutAlert({ realm, userId, readOnly }: LockoutAlertProps) {
  const status = useLoader(() => realmApi.loginFailures(realm, userId), [realm, userId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const s = status.data;
  if (!s?.locked) return null;

  async function unlock() {
    setBusy(true);
    setError(undefined);
    try {
      await realmApi.unlock(realm, userId);
      notify.success('User unlocked');
      status.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const until = s.lockedUntil ? `until ${new Date(s.lockedUntil).toLocaleString()}` : 'until an admin unlocks them';
  const last = s.lastFailure
    ? ` The last failure was at ${new Date(s.lastFailure).toLocaleString()}${s.lastIPFailure ? ` from ${s.lastIPFailure}` : ''}.`
    : '';
  return (
    <>
      <ErrorAlert error={error} />
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={`Locked out ${until}`}
        description={`Brute-force detection locked this user out after ${s.numFailures} failed login${s.numFailures === 1 ? '' : 's'}.${last}`}
        action={
          <Button size="small" loading={busy} disabled={readOnly} onClick={unlock}>
            Unlock
          </Button>
        }
      />
    </>
  );
}
