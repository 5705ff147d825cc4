import { Typography } from 'antd';

/**
 * Header slot showing the active profile (name, environment colour) and
 * letting the user switch. Placeholder until profiles are implemented.
 */
export function ActiveProfileSwitcher() {
  return <Typography.Text type="secondary">No profile</Typography.Text>;
}
