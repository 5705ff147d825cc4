import { DatePicker, Input, Select, Space, Typography, type TableColumnType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { tagColumn } from '@/components/columns';
import type { PageQuery } from '@/components/DataTable';
import { rangeMillis, when } from './time';

type Range = [Dayjs | null, Dayjs | null] | null;

/** The time range and the page of an event query. */
export interface EventPage {
  from: number;
  to: number;
  first: number;
  max: number;
}

/**
 * The time range filter of an event list: the picker's value, the milliseconds the queries take (0: open), and
 * `loader(fetch)`, the list's DataTable loader asking `fetch` for each page within the range. It gives no total:
 * Keycloak does not count events, so the table offers a next page whenever a page came back full.
 */
export function useTimeRange() {
  const [range, setRange] = useState<Range>(null);
  const { from, to } = rangeMillis(range);
  const loader =
    <E,>(fetch: (page: EventPage) => Promise<{ items: E[] }>) =>
    async ({ first, max }: PageQuery) => ({ items: (await fetch({ from, to, first, max })).items });
  return { range, setRange, from, to, loader };
}

/** The filters above an event list, ending with its time range. */
export function EventFilterBar({
  range,
  onRange,
  children,
}: {
  range: Range;
  onRange: (range: Range) => void;
  children: ReactNode;
}) {
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {children}
      <DatePicker.RangePicker
        aria-label="Time range"
        showTime
        allowEmpty={[true, true]}
        value={range}
        onChange={onRange}
      />
    </Space>
  );
}

/** A free-text filter applied on Enter or the search button (Keycloak matches it exactly, or with * wildcards). */
export function TextFilter({
  label,
  placeholder = label,
  width,
  defaultValue,
  onSearch,
}: {
  label: string;
  placeholder?: string;
  width: number;
  defaultValue?: string;
  onSearch: (value: string) => void;
}) {
  return (
    <Input.Search
      aria-label={label}
      placeholder={placeholder}
      allowClear
      defaultValue={defaultValue}
      onSearch={onSearch}
      style={{ width }}
    />
  );
}

/** A filter on several of Keycloak's names (event types, operations); `tags` also takes names not listed. */
export function ChoiceFilter({
  label,
  placeholder,
  options,
  tags,
  value,
  onChange,
  minWidth,
}: {
  label: string;
  placeholder: string;
  options: readonly string[];
  tags?: boolean;
  value: string[];
  onChange: (value: string[]) => void;
  minWidth: number;
}) {
  return (
    <Select
      aria-label={label}
      mode={tags ? 'tags' : 'multiple'}
      allowClear
      placeholder={placeholder}
      value={value}
      onChange={onChange}
      options={options.map((o) => ({ value: o, label: o }))}
      style={{ minWidth }}
    />
  );
}

/** The Time and Error columns every event list shows. */
export const eventColumns = {
  time: { title: 'Time', dataIndex: 'time', width: 190, render: when },
  error: {
    title: 'Error',
    dataIndex: 'error',
    render: (err: string) => (err ? <Typography.Text type="danger">{err}</Typography.Text> : null),
  },
} satisfies Record<string, TableColumnType<{ time: number; error: string }>>;

/** An event's kind (login event type, admin operation) as a tag: red when the event failed, else `colours`' colour. */
export function eventKindColumn<E extends { failed: boolean }>(
  title: string,
  field: keyof E & string,
  colours: Record<string, string>,
): TableColumnType<E> {
  return tagColumn<E>(title, field, (kind, e) => (e.failed ? 'red' : colours[kind]));
}
