import { Input, type GetProps } from 'antd';
import { useState } from 'react';

export interface SearchInputProps extends Omit<
  GetProps<typeof Input.Search>,
  'value' | 'onChange' | 'onSearch' | 'allowClear'
> {
  /** The trimmed text, on Enter or the search button; '' as soon as the box is emptied. */
  onSearch: (text: string) => void;
}

/**
 * A search box applied on Enter, not on each keystroke (each search asks Keycloak); emptying it applies at once, so
 * the unfiltered list comes back without another Enter.
 */
export function SearchInput({ onSearch, ...props }: SearchInputProps) {
  const [text, setText] = useState('');
  return (
    <Input.Search
      {...props}
      allowClear
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') onSearch('');
      }}
      onSearch={(v) => onSearch(v.trim())}
    />
  );
}
