import { PageHeader } from '@/components/PageHeader';

export function TesterPage() {
  return (
    <PageHeader
      title="Tester"
      subtitle="Send a request through the proxy as a chosen user and see the decision and the headers the upstream received."
    />
  );
}
