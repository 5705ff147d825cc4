import { LockOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useActiveProfile } from '@/features/profiles/activeProfile';

export interface ReadOnlyBannerProps {
  /** Renders nothing when false, so pages can always include it. Defaults to the active profile's flag. */
  readOnly?: boolean;
  /** The profile's name, when known. Defaults to the active profile's name. */
  profileName?: string;
}

/** Tells the user why editing controls are missing or disabled on this page. */
export function ReadOnlyBanner(props: ReadOnlyBannerProps) {
  const { profile } = useActiveProfile();
  const readOnly = props.readOnly ?? profile?.readOnly ?? false;
  const profileName = props.profileName ?? profile?.name;
  if (!readOnly) return null;
  const who = profileName ? `Profile “${profileName}” is read-only` : 'This profile is read-only';
  return (
    <Alert
      type="warning"
      showIcon
      icon={<LockOutlined aria-hidden />}
      style={{ marginBottom: 16 }}
      title={`${who}: you can look, and Tandem refuses every change.`}
    />
  );
}
