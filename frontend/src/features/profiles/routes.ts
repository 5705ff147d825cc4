import { CloudServerOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const profilesPath = '/profiles';

/** Link to the Profiles screen (for <Link to> and navigate()). */
export const toProfiles = (): string => profilesPath;

export const profilesFeature = defineFeature({
  key: 'profiles',
  label: 'Profiles',
  icon: CloudServerOutlined,
  path: profilesPath,
  routes: [
    {
      path: profilesPath,
      Component: lazyPage(
        () => import('./ProfilesPage'),
        (m) => m.ProfilesPage,
      ),
    },
  ],
});
