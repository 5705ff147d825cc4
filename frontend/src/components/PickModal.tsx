import { Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLoader } from '@/lib/useLoader';
import { SubmitModal } from './SubmitModal';

export interface PickOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface PickModalProps<T> {
  open: boolean;
  title: ReactNode;
  okText: string;
  /** The picker's accessible name ("Users to add"). */
  label: string;
  placeholder: string;
  /** Finds what can be picked for the typed text (empty at first); asked again as the user types, only while open. */
  find: (search: string) => Promise<T[]>;
  /** How a found thing shows in the picker; its value tells it apart. */
  option: (item: T) => PickOption;
  /** Also narrows the options shown by their label, for lists the server does not filter. */
  filterLocally?: boolean;
  /** Shown instead of options when there are none, told whether a search is still running. */
  notFoundContent?: (loading: boolean) => ReactNode;
  /** Does the work with the picked things; the picks are cleared after it succeeded. */
  onSubmit: (picked: T[]) => Promise<unknown>;
  onClose: () => void;
}

/**
 * A dialog to pick several things found by a server search (users to add, roles to assign) and submit them. It runs
 * the search itself: a failed one shows in the dialog.
 */
export function PickModal<T>({
  open,
  title,
  okText,
  label,
  placeholder,
  find,
  option,
  filterLocally,
  notFoundContent,
  onSubmit,
  onClose,
}: PickModalProps<T>) {
  const [search, setSearch] = useState('');
  const found = useLoader(() => find(search), [search, open], { enabled: open });
  // Picks are kept with their things: one picked before the search changed stays picked, though no longer found.
  const [picked, setPicked] = useState<Map<string, T>>(new Map());
  const items = found.data ?? [];
  const pick = (values: string[]) => {
    const next = new Map<string, T>();
    for (const value of values) {
      const item = picked.get(value) ?? items.find((i) => option(i).value === value);
      if (item !== undefined) next.set(value, item);
    }
    setPicked(next);
  };
  return (
    <SubmitModal
      open={open}
      title={title}
      okText={okText}
      canSubmit={picked.size > 0}
      onSubmit={async () => {
        await onSubmit([...picked.values()]);
        setPicked(new Map());
      }}
      onClose={onClose}
      loadError={found.error}
    >
      <Select
        mode="multiple"
        aria-label={label}
        style={{ width: '100%' }}
        placeholder={placeholder}
        loading={found.loading}
        value={[...picked.keys()]}
        onChange={pick}
        showSearch={{
          onSearch: setSearch,
          filterOption: filterLocally
            ? (input, opt) =>
                String(opt?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase())
            : false,
        }}
        options={items.map(option)}
        notFoundContent={notFoundContent?.(found.loading)}
      />
    </SubmitModal>
  );
}
