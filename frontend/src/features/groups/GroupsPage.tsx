import { PageHeader } from '@/components/PageHeader';

export function GroupsPage() {
  return (
    <PageHeader title="Groups" subtitle="The groups of the current realm, their members and the roles they grant." />
  );
}
