import { DeploymentUnitOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const proxyPath = '/proxy';

/** Link to the Proxy screen (for <Link to> and navigate()). */
export const toProxy = (): string => proxyPath;

export const proxyFeature = defineFeature({
  key: 'proxy',
  label: 'Proxy',
  icon: DeploymentUnitOutlined,
  path: proxyPath,
  routes: [
    {
      path: proxyPath,
      Component: lazyPage(
        () => import('./ProxyPage'),
        (m) => m.ProxyPage,
      ),
    },
  ],
});
