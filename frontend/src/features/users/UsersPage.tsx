import { PageHeader } from '@/components/PageHeader';

export function UsersPage() {
  return (
    <PageHeader
      title="Users"
      subtitle="Find users by name or email, create and edit them, reset passwords, and manage their roles, groups and sessions."
    />
  );
}
