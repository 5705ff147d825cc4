import { Alert } from 'antd';
import { ErrorAlert } from '@/components/ErrorAlert';
import { WriteButton } from '@/components/WriteButton';
import { realmApi } from '@/features/realms/api';
import { useLoader } from '@/lib/useLoader';
import { useSubmit } from '@/lib/useSubmit';
import type { UserTabProps } from './userTab';

/** Says when brute-force detection has locked the user out, until when, and offers to unlock. */
export function LockoutAlert({ realm, id: userId }: UserTabProps) {
  const status = useLoader(() => realmApi.loginFailures(realm, userId), [realm, userId]);
  const unlock = useSubmit(() => realmApi.unlock(realm, userId), { success: 'User unlocked' });
  const s = status.data;
  if (!s?.locked) return null;

  const until = s.lockedUntil ? `until ${new Date(s.lockedUntil).toLocaleString()}` : 'until an admin unlocks them';
  const last = s.lastFailure
    ? ` The last failure was at ${new Date(s.lastFailure).toLocaleString()}${s.lastIPFailure ? ` from ${s.lastIPFailure}` : ''}.`
    : '';
  return (
    <>
      <ErrorAlert error={unlock.error} />
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={`Locked out ${until}`}
        description={`Brute-force detection locked this user out after ${s.numFailures} failed login${s.numFailures === 1 ? '' : 's'}.${last}`}
        action={
          <WriteButton
            size="small"
            loading={unlock.busy}
            onClick={async () => {
              if (await unlock.run()) status.reload();
            }}
          >
            Unlock
          </WriteButton>
        }
      />
    </>
  );
}
