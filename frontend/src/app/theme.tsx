import { theme as antdTheme, type ThemeConfig } from 'antd';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useStoredState } from '@/lib/storage';

export type ThemeMode = 'light' | 'dark';

interface ThemeState {
  /** The theme on screen. */
  mode: ThemeMode;
  /** True while no explicit choice was made and the OS setting is followed. */
  followsSystem: boolean;
  toggle: () => void;
  /** Choose a theme; undefined goes back to following the OS. */
  setPreference: (mode: ThemeMode | undefined) => void;
}

const ThemeContext = createContext<ThemeState | undefined>(undefined);

const storageKey = 'tandem.theme';
const darkQuery = '(prefers-color-scheme: dark)';

function subscribeToSystem(onChange: () => void): () => void {
  const media = window.matchMedia(darkQuery);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

function systemPrefersDark(): boolean {
  return window.matchMedia(darkQuery).matches;
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setStored] = useStoredState<ThemeMode | null>(storageKey, null);
  const systemDark = useSyncExternalStore(subscribeToSystem, systemPrefersDark, () => false);
  const mode: ThemeMode = preference ?? (systemDark ? 'dark' : 'light');

  // Scrollbars, form autofill and the page behind the layout follow the theme too.
  useEffect(() => {
    document.documentElement.dataset.theme = mode;
    document.documentElement.style.colorScheme = mode;
  }, [mode]);

  const setPreference = useCallback((next: ThemeMode | undefined) => setStored(next ?? null), [setStored]);
  const toggle = useCallback(() => setStored(mode === 'dark' ? 'light' : 'dark'), [mode, setStored]);

  const value = useMemo(
    () => ({ mode, followsSystem: preference === null, toggle, setPreference }),
    [mode, preference, toggle, setPreference],
  );
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useThemeMode(): ThemeState {
  const state = useContext(ThemeContext);
  if (!state) throw new Error('useThemeMode must be used inside <ThemeProvider>');
  return state;
}

/** antd theme for a mode: the default or dark algorithm plus a denser, calmer console look. */
export function antdThemeFor(mode: ThemeMode): ThemeConfig {
  const dark = mode === 'dark';
  return {
    algorithm: dark ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm,
    token: {
      colorPrimary: dark ? '#4f8cff' : '#2f6bd8',
      borderRadius: 6,
      fontSize: 13,
      colorBgLayout: dark ? '#0f1115' : '#f4f6f9',
      // Panels a shade lighter than the page in dark mode, matching header and menu.
      ...(dark ? { colorBgContainer: '#16191f' } : {}),
      fontFamily:
        "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
    },
    components: {
      Layout: {
        headerHeight: 48,
        headerPadding: '0 16px',
        headerBg: dark ? '#16191f' : '#ffffff',
        siderBg: dark ? '#16191f' : '#ffffff',
        lightSiderBg: dark ? '#16191f' : '#ffffff',
        lightTriggerBg: dark ? '#16191f' : '#ffffff',
        bodyBg: dark ? '#0f1115' : '#f4f6f9',
      },
      Menu: {
        itemHeight: 36,
        itemMarginInline: 6,
        itemBorderRadius: 6,
        itemBg: 'transparent',
        subMenuItemBg: 'transparent',
      },
      Table: {
        cellPaddingBlockSM: 6,
        cellPaddingInlineSM: 10,
        headerBg: dark ? '#1c2028' : '#f7f8fa',
      },
      Card: {
        paddingLG: 16,
      },
      Alert: {
        withDescriptionPadding: '12px 16px',
        withDescriptionIconSize: 18,
      },
    },
  };
}
