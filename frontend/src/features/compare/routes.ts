import { DiffOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const comparePath = '/compare';

export const compareFeature = defineFeature({
  key: 'compare',
  label: 'Compare',
  icon: DiffOutlined,
  path: comparePath,
  routes: [
    {
      path: comparePath,
      Component: lazyPage(
        () => import('./ComparePage'),
        (m) => m.ComparePage,
      ),
    },
  ],
});
