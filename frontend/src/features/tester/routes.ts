import { ExperimentOutlined } from '@ant-design/icons';
import { defineFeature, lazyPage } from '@/app/feature';

export const testerPath = '/tester';

/** Link to the Tester screen (for <Link to> and navigate()). */
export const toTester = (): string => testerPath;

export const testerFeature = defineFeature({
  key: 'tester',
  label: 'Tester',
  icon: ExperimentOutlined,
  path: testerPath,
  routes: [
    {
      path: testerPath,
      Component: lazyPage(
        () => import('./TesterPage'),
        (m) => m.TesterPage,
      ),
    },
  ],
});
