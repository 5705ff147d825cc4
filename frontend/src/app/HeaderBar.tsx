import { Flex, Layout, theme } from 'antd';
import { ActiveProfileSwitcher } from '@/features/profiles/ActiveProfileSwitcher';
import { AboutButton } from './AboutButton';
import { ThemeToggle } from './ThemeToggle';

export function HeaderBar() {
  const { token } = theme.useToken();
  return (
    <Layout.Header
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
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
