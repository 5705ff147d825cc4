import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Spin, theme, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { ProfileBanner, ProfileKeyed } from '@/features/profiles/ProfileBanner';
import { useStoredState } from '@/lib/storage';
import { CommandPalette } from './CommandPalette';
import { HeaderBar } from './HeaderBar';
import { SideMenu } from './SideMenu';
import { useSearchShortcut } from './useSearchShortcut';

/** The console frame: screen menu on the left, header with profile/theme/about, the routed page in the middle. */
export function Shell() {
  const [collapsed, setCollapsed] = useStoredState('tandem.sider.collapsed', false);
  const { token } = theme.useToken();
  useSearchShortcut();
  return (
    <Layout style={{ height: '100vh' }}>
      <CommandPalette />
      <Layout.Sider
        theme="light"
        collapsible
        collapsed={collapsed}
        trigger={null}
        width={200}
        collapsedWidth={56}
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Flex vertical style={{ height: '100%' }}>
          <Brand collapsed={collapsed} />
          <div style={{ flex: 1, overflowY: 'auto', overflowX: 'hidden' }}>
            <SideMenu />
          </div>
          <div style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, padding: 6 }}>
            <Button
              type="text"
              block
              aria-label={collapsed ? 'Expand menu' : 'Collapse menu'}
              icon={collapsed ? <MenuUnfoldOutlined aria-hidden /> : <MenuFoldOutlined aria-hidden />}
              onClick={() => setCollapsed(!collapsed)}
              style={{ color: token.colorTextSecondary }}
            />
          </div>
        </Flex>
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <ProfileBanner />
        <HeaderBar />
        {/* Layout.Content is the page's one <main> landmark. */}
        <Layout.Content style={{ overflow: 'auto', padding: '20px 24px 32px' }}>
          <Suspense fallback={<PageLoading />}>
            {/* Every page starts afresh when the active profile is switched. */}
            <ProfileKeyed>
              <Outlet />
            </ProfileKeyed>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Brand({ collapsed }: { collapsed: boolean }) {
  const { token } = theme.useToken();
  return (
    <Flex
      align="center"
      gap={10}
      style={{
        height: 48,
        padding: collapsed ? '0 16px' : '0 18px',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        marginBottom: 6,
        overflow: 'hidden',
        whiteSpace: 'nowrap',
      }}
    >
      <TandemMark color={token.colorPrimary} />
      {!collapsed && (
        <Typography.Text strong style={{ fontSize: 15, letterSpacing: 0.2 }}>
          Tandem
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Two linked rings: the identity provider and the proxy, working in tandem. */
function TandemMark({ color }: { color: string }) {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden style={{ flex: 'none' }}>
      <circle cx="9" cy="12" r="6" fill="none" stroke={color} strokeWidth="2.4" />
      <circle cx="15" cy="12" r="6" fill="none" stroke={color} strokeWidth="2.4" opacity="0.55" />
    </svg>
  );
}

function PageLoading() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin />
    </Flex>
  );
}
