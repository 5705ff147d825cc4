import { ExperimentOutlined } from '@ant-design/icons';
import { defineFeature } from '@/app/feature';
import { pageRoute } from '@/app/pageRoute';

const page = pageRoute('/tester');
export const testerPath = page.path;

/** Link to the Tester screen (for <Link to> and navigate()). */
export const toTester = (): string => page.href();

export const testerFeature = defineFeature({ key: 'tester', label: 'Tester', icon: ExperimentOutlined }, [
  page.lazy(() => import('./TesterPage'), 'TesterPage'),
]);
