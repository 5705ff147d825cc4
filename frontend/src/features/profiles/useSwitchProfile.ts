import { App } from 'antd';
import { proxyApi } from '@/features/proxy/api';
import { notify } from '@/lib/notify';
import { switchProfile } from './activeProfile';
import type { Profile } from './api';

/**
 * Switching profile stops a running proxy (it serves the old profile's
 * routes). The switch asks first when one runs, and says afterwards that it
 * was stopped. Resolves to the new profile, or undefined when the user kept
 * the current one.
 */
export function useSwitchProfile(): (to: Pick<Profile, 'id' | 'name'>) => Promise<Profile | undefined> {
  const { modal } = App.useApp();
  return async (to) => {
    const proxy = await proxyApi.state().catch(() => undefined);
    const running = proxy?.running ? proxy : undefined;
    if (running) {
      const ok = await modal.confirm({
        title: `Switch to ${to.name}?`,
        content: `The proxy is running on ${running.status.addr} with the routes of ${running.profile}. Switching stops it; requests in flight get a few seconds to finish.`,
        okText: 'Stop the proxy and switch',
        cancelText: `Stay on ${running.profile}`,
      });
      if (!ok) return undefined;
    }
    const p = await switchProfile(to.id);
    if (running) {
      notify.info(`Switched to ${p.name}. The proxy on ${running.status.addr} was stopped; start it again on the Proxy screen.`);
    }
    return p;
  };
}
