import { LoadingOutlined } from '@ant-design/icons';
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

// A button's spinner as a plain icon, shown only while it loads. antd's default one collapses
// through a CSS transition when loading ends; when loading ends quickly (a save that answers at
// once) that transition can be left unfinished, and the collapsed icon stays in the button with
// its label, so "Save" is announced, and found, as "loading Save" from then on.
const buttonConfig = { loadingIcon: <LoadingOutlined /> };

function ThemedAntd({ children }: { children: ReactNode }) {
  const { mode } = useThemeMode();
  return (
    <ConfigProvider theme={antdThemeFor(mode)} componentSize="middle" button={buttonConfig}>
      {/* Toasts start below a drawer's title bar (55 px), so they never cover what a drawer is about. */}
      <AntdApp className={`tandem-root tandem-${mode}`} message={{ top: 64 }}>
        <NotifyBridge />
        {children}
      </AntdApp>
    </ConfigProvider>
  );
}
