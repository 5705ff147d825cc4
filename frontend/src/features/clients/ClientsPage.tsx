import { PageHeader } from '@/components/PageHeader';

export function ClientsPage() {
  return (
    <PageHeader
      title="Clients"
      subtitle="The OIDC clients of the current realm: settings, secrets and service accounts."
    />
  );
}
