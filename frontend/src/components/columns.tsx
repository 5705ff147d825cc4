import { Tag, type TableColumnType } from 'antd';
import type { ReactNode } from 'react';

/**
 * The right-aligned, untitled column of a list's row buttons (Edit, Remove, Unassign...):
 *
 *   columns={[...fields, actionsColumn((p) => <Button aria-label={`Edit ${p.alias}`} ... />)]}
 */
export function actionsColumn<T>(buttons: (row: T) => ReactNode): TableColumnType<T> {
  return { title: '', key: 'actions', align: 'right', render: (_, row) => buttons(row) };
}

/**
 * A column showing a field's value as a tag, coloured by `colour` (undefined: antd's plain tag), e.g. a status:
 *
 *   tagColumn<Outcome>('Status', 'status', (s) => statusColour[s])
 */
export function tagColumn<T>(
  title: string,
  field: keyof T & string,
  colour: (value: string, row: T) => string | undefined,
): TableColumnType<T> {
  return {
    title,
    dataIndex: field,
    render: (value: string, row) => <Tag color={colour(value, row)}>{value}</Tag>,
  };
}
