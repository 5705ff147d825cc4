import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useLoader } from '@/lib/useLoader';
import { clientApi } from './api';

export interface ClientPickerProps {
  realm: string;
  /** The chosen client's internal id. */
  value: string | undefined;
  onChange: (id: string, clientId: string) => void;
  style?: CSSProperties;
}

/** Chooses a client of the realm by searching its clientId. */
export function ClientPicker({ realm, value, onChange, style }: ClientPickerProps) {
  const [search, setSearch] = useState('');
  const clients = useLoader(() => clientApi.list(realm, search, 0, 50), [realm, search]);
  const options = (clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.clientId }));
  return (
    <Select
      aria-label="Client"
      style={{ minWidth: 220, ...style }}
      placeholder="Choose a client"
      loading={clients.loading}
      value={value}
      onChange={(id) => onChange(id, options.find((o) => o.value === id)?.label ?? '')}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      options={options}
      notFoundContent={clients.loading ? 'Searching…' : 'No client matches.'}
    />
  );
}
