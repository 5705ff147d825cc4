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
      <AntdApp className={`tandem-root tandem-${mode}`}>
        <NotifyBridge />
        {children}
      </AntdApp>
    </ConfigProvider>
  );
}
