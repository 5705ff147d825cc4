import { PageHeader } from '@/components/PageHeader';

export function ProxyPage() {
  return (
    <PageHeader
      title="Proxy"
      subtitle="Run the embedded auth proxy on this machine: start and stop it, watch the live request log and traffic."
    />
  );
}
