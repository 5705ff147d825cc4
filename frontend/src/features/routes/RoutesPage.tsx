import { PageHeader } from '@/components/PageHeader';

export function RoutesPage() {
  return (
    <PageHeader
      title="Routes"
      subtitle="The proxy routes of the active profile: path to upstream, auth mode, required roles and identity headers."
    />
  );
}
