import { notify } from '@/lib/notify';
import { realmApi } from './api';

/** Asks where to save the realm's configuration and says where it went. */
export async function exportRealm(realm: string): Promise<void> {
  try {
    const path = await realmApi.exportToFile(realm);
    if (path) notify.success(`Realm “${realm}” exported to ${path}`);
  } catch (err) {
    notify.error(err, `Export of “${realm}” failed`);
  }
}
