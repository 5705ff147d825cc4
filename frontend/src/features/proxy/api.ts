// Typed wrappers over the ProxyService bindings and the types of what they
// return (lib/events types the proxy:log and proxy:status payloads).
import * as Proxy from 'wails/go/app/ProxyService';
import type { app, proxy } from 'wails/go/models';
import { call } from '@/lib/call';
import { entriesOf } from '@/lib/options';

export type ProxyState = app.ProxyState;
export type ProxyStatus = proxy.Status;
export type LimitsStatus = proxy.LimitsStatus;
export type LogRecord = proxy.Record;
export type Stats = proxy.Stats;
export type RequestTrace = app.RequestTrace;
export type SignInState = app.SignInState;

/** The proxy's decisions with their colours, in the order the chart stacks them: the one list of them. */
const decisionColors = {
  allowed: '#52c41a',
  anonymous: '#13c2c2',
  unauthorized: '#fa8c16',
  forbidden: '#eb2f96',
  'no-route': '#8c8c8c',
  'upstream-error': '#f5222d',
  'bad-request': '#722ed1',
  'rate-limited': '#d4b106',
};

export type Decision = keyof typeof decisionColors;

export const decisions: { value: Decision; color: string }[] = entriesOf(decisionColors).map(([value, color]) => ({
  value,
  color,
}));

export const decisionColor = (d: string): string => decisions.find((x) => x.value === d)?.color ?? '#8c8c8c';

export const proxyApi = {
  state: () => call(() => Proxy.State()),
  start: (listen: string) => call(() => Proxy.Start(listen)),
  stop: () => call(() => Proxy.Stop()),
  recent: (n: number) => call(() => Proxy.Recent(n)),
  stats: () => call(() => Proxy.Stats()),
  /** What the running proxy kept of one request (headers stripped and injected), by request id. */
  trace: (requestId: string) => call(() => Proxy.Trace(requestId)),
  /** Browser sign-in: the login block, where its secrets come from, the profile's cookie keys. */
  signIn: () => call(() => Proxy.SignIn()),
  /** Keeps the sign-in client secret with the profile ("" removes it); never read back. */
  setClientSecret: (secret: string) => call(() => Proxy.SetSignInClientSecret(secret)),
  rotateCookieKey: () => call(() => Proxy.RotateCookieKey()),
  dropOldCookieKeys: () => call(() => Proxy.DropOldCookieKeys()),
  /** Opens a route of the running proxy in the user's browser; resolves to the URL opened. */
  openInBrowser: (route: string) => call(() => Proxy.OpenInBrowser(route)),
};
