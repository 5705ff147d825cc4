import { PageHeader } from '@/components/PageHeader';

export function RealmsPage() {
  return (
    <PageHeader
      title="Realms"
      subtitle="The realms of the active Keycloak: list them, edit their settings and export them."
    />
  );
}
