import { CloudServerOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

const page = pageRoute('/profiles');
export const profilesPath = page.path;

/** Link to the Profiles screen (for <Link to> and navigate()). */
export const toProfiles = (): string => page.href();

export const profilesFeature = defineFeature({ key: 'profiles', label: 'Profiles', icon: CloudServerOutlined }, [
  page.lazy(() => import('./ProfilesPage'), 'ProfilesPage'),
]);
