import { LockOutlined } from '@ant-design/icons';
import { Alert } from 'antd';

export interface ReadOnlyBannerProps {
  /** Renders nothing when false, so pages can always include it. */
  readOnly: boolean;
  /** The profile's name, when known. */
  profileName?: string;
}

/** Tells the user why editing controls are missing or disabled on this page. */
export function ReadOnlyBanner({ readOnly, profileName }: ReadOnlyBannerProps) {
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
