import { notify } from '@/lib/notify';
import { realmApi } from './api';
import { realmImportApi } from './importApi';

/** Asks where to save the realm's configuration and says where it went. */
export async function exportRealm(realm: string): Promise<void> {
  try {
    const path = await realmApi.exportToFile(realm);
    if (path) notify.success(`Realm “${realm}” exported to ${path}`);
  } catch (err) {
    notify.error(err, `Export of “${realm}” failed`);
  }
}

/** exportRealm with the realm's users (never their credentials). */
export async function exportRealmWithUsers(realm: string): Promise<void> {
  try {
    const path = await realmImportApi.exportWithUsersToFile(realm);
    if (path) notify.success(`Realm “${realm}” exported with its users to ${path}`);
  } catch (err) {
    notify.error(err, `Export of “${realm}” failed`);
  }
}
