import { PageHeader } from '@/components/PageHeader';

export function ProfilesPage() {
  return (
    <PageHeader
      title="Profiles"
      subtitle="Connections to Keycloak environments (local, dev, staging, prod): switch between them, edit, test the connection and colour-mark them."
    />
  );
}
