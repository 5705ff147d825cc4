import { Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { SubmitModal } from './SubmitModal';

export interface PickOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface PickModalProps {
  open: boolean;
  title: ReactNode;
  okText: string;
  /** The picker's accessible name ("Users to add"). */
  label: string;
  placeholder: string;
  /** What can be picked now (the server's answer to the last search). */
  options: PickOption[];
  loading: boolean;
  /** Why the options could not be loaded. */
  loadError?: unknown;
  /** Asks the server again as the user types. */
  onSearch: (text: string) => void;
  /** Also narrows the options shown by their label, for lists the server does not filter. */
  filterLocally?: boolean;
  notFoundContent?: ReactNode;
  /** Does the work with the picked values; the picks are cleared after it succeeded. */
  onSubmit: (picked: string[]) => Promise<unknown>;
  onClose: () => void;
}

/** A dialog to pick several things found by a server search (users to add, roles to assign) and submit them. */
export function PickModal({
  open,
  title,
  okText,
  label,
  placeholder,
  options,
  loading,
  loadError,
  onSearch,
  filterLocally,
  notFoundContent,
  onSubmit,
  onClose,
}: PickModalProps) {
  const [picked, setPicked] = useState<string[]>([]);
  return (
    <SubmitModal
      open={open}
      title={title}
      okText={okText}
      canSubmit={picked.length > 0}
      onSubmit={async () => {
        await onSubmit(picked);
        setPicked([]);
      }}
      onClose={onClose}
      loadError={loadError}
    >
      <Select
        mode="multiple"
        aria-label={label}
        style={{ width: '100%' }}
        placeholder={placeholder}
        loading={loading}
        value={picked}
        onChange={setPicked}
        showSearch={{
          onSearch,
          filterOption: filterLocally
            ? (input, option) =>
                String(option?.label ?? '')
                  .toLowerCase()
                  .includes(input.toLowerCase())
            : false,
        }}
        options={options}
        notFoundContent={notFoundContent}
      />
    </SubmitModal>
  );
}
