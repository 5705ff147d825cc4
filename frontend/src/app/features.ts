import type { Feature } from './feature';
import { clientsFeature } from '@/features/clients/routes';
import { compareFeature } from '@/features/compare/routes';
import { eventsFeature } from '@/features/events/routes';
import { groupsFeature } from '@/features/groups/routes';
import { idpsFeature } from '@/features/idps/routes';
import { migrateFeature } from '@/features/migrate/routes';
import { profilesFeature } from '@/features/profiles/routes';
import { proxyFeature } from '@/features/proxy/routes';
import { realmsFeature } from '@/features/realms/routes';
import { rolesFeature } from '@/features/roles/routes';
import { routesFeature } from '@/features/routes/routes';
import { testerFeature } from '@/features/tester/routes';
import { usersFeature } from '@/features/users/routes';

/** The screens of the console, in menu order. A new screen is one line here. */
export const features: Feature[] = [
  profilesFeature,
  realmsFeature,
  usersFeature,
  groupsFeature,
  rolesFeature,
  clientsFeature,
  idpsFeature,
  eventsFeature,
  routesFeature,
  proxyFeature,
  testerFeature,
  compareFeature,
  migrateFeature,
];
