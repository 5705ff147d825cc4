import { Select, type SelectProps } from 'antd';
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

/**
 * The groups of the realm whose name matches what is typed in a Select, searched on the server, and the Select
 * props that drive the search. Nothing is loaded while enabled is false (a closed dialog).
 */
export function useGroupSearch(realm: string, enabled = true) {
  const [search, setSearch] = useState('');
  const found = useLoader(() => userApi.findGroups(realm, search), [realm, search], { enabled });
  const selectProps = {
    style: { width: '100%' },
    showSearch: true,
    filterOption: false,
    onSearch: setSearch,
    loading: found.loading,
    placeholder: 'Search groups by name',
  } satisfies SelectProps;
  return { found, selectProps };
}

/** Picks groups of the realm, searched by name on the server, shown by path. */
export function GroupSelect({ realm, valueKey, multiple, value, onChange, ...rest }: GroupSelectProps) {
  const { found, selectProps } = useGroupSearch(realm);
  return (
    <Select
      {...selectProps}
      aria-label={rest['aria-label'] ?? 'Group'}
      mode={multiple ? 'multiple' : undefined}
      allowClear={multiple}
      value={value}
      onChange={onChange}
      options={(found.data ?? []).map((g) => ({ value: g[valueKey], label: g.path }))}
      notFoundContent={found.error ? 'Groups cannot be listed.' : undefined}
    />
  );
}
