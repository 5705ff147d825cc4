import { PageHeader } from '@/components/PageHeader';

export function RolesPage() {
  return <PageHeader title="Roles" subtitle="Realm and client roles of the current realm, and who holds them." />;
}
