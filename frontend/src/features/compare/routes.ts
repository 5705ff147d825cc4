import { DiffOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

const page = pageRoute('/compare');
export const comparePath = page.path;

export const compareFeature = defineFeature({ key: 'compare', label: 'Compare', icon: DiffOutlined }, [
  page.lazy(() => import('./ComparePage'), 'ComparePage'),
]);
