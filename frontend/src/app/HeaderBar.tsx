import { Flex, Layout, theme } from 'antd';
import { useActiveProfile } from '@/features/profiles/activeProfile';
import { ActiveProfileSwitcher } from '@/features/profiles/ActiveProfileSwitcher';
import { AboutButton } from './AboutButton';
import { ThemeToggle } from './ThemeToggle';

export function HeaderBar() {
  const { token } = theme.useToken();
  const { profile } = useActiveProfile();
  return (
    <Layout.Header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        // The active profile's colour across the top of the header, visible from across the room;
        // an inset shadow, so the header keeps its height.
        boxShadow: profile?.color ? `inset 0 3px 0 ${profile.color}` : undefined,
        lineHeight: 'normal',
      }}
    >
      <Flex align="center" gap={8} style={{ minWidth: 0, flex: 1 }}>
        <ActiveProfileSwitcher />
      </Flex>
      <Flex align="center" gap={4}>
        <ThemeToggle />
        <AboutButton />
      </Flex>
    </Layout.Header>
  );
}
