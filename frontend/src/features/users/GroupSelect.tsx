import { Select } from 'antd';
import { useState } from 'react';
import { useLoader } from '@/lib/useLoader';
import { userApi } from './api';

export interface GroupSelectProps {
  realm: string;
  /** What a chosen group stands for: its id (to join it) or its path (to create a user in it). */
  valueKey: 'id' | 'path';
  multiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  'aria-label'?: string;
}

/** Picks groups of the realm, searched by name on the server, shown by path. */
export function GroupSelect({ realm, valueKey, multiple, value, onChange, ...rest }: GroupSelectProps) {
  const [search, setSearch] = useState('');
  const found = useLoader(() => userApi.findGroups(realm, search), [realm, search]);
  return (
    <Select
      aria-label={rest['aria-label'] ?? 'Group'}
      mode={multiple ? 'multiple' : undefined}
      allowClear={multiple}
      style={{ width: '100%' }}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={found.loading}
      value={value}
      onChange={onChange}
      placeholder="Search groups by name"
      options={(found.data ?? []).map((g) => ({ value: g[valueKey], label: g.path }))}
      notFoundContent={found.error ? 'Groups cannot be listed.' : undefined}
    />
  );
}
