import { App as AntdApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { NotifyBridge } from '@/lib/notify';
import { antdThemeFor, ThemeProvider, useThemeMode } from './theme';

/** Theme, antd context (message/notification/modal) and the notify bridge; used by the app and by tests. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider>
      <ThemedAntd>{children}</ThemedAntd>
    </ThemeProvider>
  );
}

function ThemedAntd({ children }: { children: ReactNode }) {
  const { mode } = useThemeMode();
  return (
    <ConfigProvider theme={antdThemeFor(mode)} componentSize="middle">
      {/* Toasts start below a drawer's title bar (55 px), so they never cover what a drawer is about. */}
      <AntdApp className={`tandem-root tandem-${mode}`} message={{ top: 64 }}>
        <NotifyBridge />
        {children}
      </AntdApp>
    </ConfigProvider>
  );
}
