import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/ErrorAlert';
import { PageHeader } from '@/components/PageHeader';
import { ReadOnlyBanner } from '@/components/ReadOnlyBanner';
import { WriteButton } from '@/components/WriteButton';
import type { ActiveRealm } from '@/features/realms/useActiveRealm';
import { RealmPicker } from '@/features/users/RealmPicker';

export interface RealmPageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  /** The screen's realms and chosen realm, as `useActiveRealm` gives them. */
  active: Pick<ActiveRealm, 'realms' | 'realm' | 'loading' | 'error' | 'reload'>;
  /**
   * A realm picked in the picker. By default the address then holds only that realm: the screen's
   * other search params (a selected group, role or client) name things of the old realm.
   */
  onRealm?: (realm: string) => void;
  /** Buttons between the picker and the primary button (an import, a link). */
  actions?: ReactNode;
  /** Shows a Reload button after `actions`. */
  onReload?: () => void;
  /**
   * The primary button on the right. It is disabled until a realm is chosen and on a read-only
   * profile, since creating needs both; `disabled` adds the screen's own reason.
   */
  create?: { label: ReactNode; onClick: () => void; disabled?: boolean };
  /** Content under the heading row (a kind switch, a client picker). */
  children?: ReactNode;
}

/**
 * The header of a screen that works on one realm: title, realm picker, the screen's buttons, then
 * the read-only banner and the error of loading the realms (with Retry).
 */
export function RealmPageHeader({
  title,
  subtitle,
  active,
  onRealm,
  actions,
  onReload,
  create,
  children,
}: RealmPageHeaderProps) {
  const [, setParams] = useSearchParams();
  return (
    <>
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={
          <>
            <RealmPicker
              realms={active.realms}
              value={active.realm}
              loading={active.loading}
              onChange={onRealm ?? ((realm) => setParams({ realm }))}
            />
            {actions}
            {onReload && (
              <Button icon={<ReloadOutlined aria-hidden />} onClick={onReload}>
                Reload
              </Button>
            )}
            {create && (
              <WriteButton
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                disabled={!active.realm || create.disabled}
                onClick={create.onClick}
              >
                {create.label}
              </WriteButton>
            )}
          </>
        }
      >
        {children}
      </PageHeader>
      <ReadOnlyBanner />
      <ErrorAlert error={active.error} onRetry={active.reload} />
    </>
  );
}
