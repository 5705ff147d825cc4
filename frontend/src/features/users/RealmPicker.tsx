import { Select } from 'antd';
import type { RealmSummary } from '@/features/realms/api';

export interface RealmPickerProps {
  realms: RealmSummary[];
  value: string | undefined;
  onChange: (realm: string) => void;
  loading?: boolean;
}

/** Chooses the realm a Users screen works on. */
export function RealmPicker({ realms, value, onChange, loading }: RealmPickerProps) {
  return (
    <Select
      aria-label="Realm"
      showSearch
      loading={loading}
      value={value}
      onChange={onChange}
      style={{ minWidth: 200 }}
      options={realms.map((r) => ({ value: r.name, label: r.displayName ? `${r.name} (${r.displayName})` : r.name }))}
      placeholder="Choose a realm"
    />
  );
}
