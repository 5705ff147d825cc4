import { DeploymentUnitOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

const page = pageRoute('/proxy');
export const proxyPath = page.path;

/** Link to the Proxy screen (for <Link to> and navigate()). */
export const toProxy = (): string => page.href();

export const proxyFeature = defineFeature({ key: 'proxy', label: 'Proxy', icon: DeploymentUnitOutlined }, [
  page.lazy(() => import('./ProxyPage'), 'ProxyPage'),
]);
