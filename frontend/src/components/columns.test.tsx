import { screen, within } from '@testing-library/react';
import { Button } from 'antd';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { actionsColumn, tagColumn } from './columns';
import { DataTable } from './DataTable';

interface Row {
  name: string;
  status: string;
  failed: boolean;
}

const rows: Row[] = [
  { name: 'alpha', status: 'applied', failed: false },
  { name: 'beta', status: 'failed', failed: true },
];

describe('table columns', () => {
  it('shows a field as a tag coloured from its value and its row, and row buttons at the right', () => {
    const columns = [
      { title: 'Name', dataIndex: 'name' },
      tagColumn<Row>('Status', 'status', (s, r) => (r.failed ? 'red' : s === 'applied' ? 'green' : undefined)),
      actionsColumn<Row>((r) => <Button aria-label={`Edit ${r.name}`} />),
    ];
    renderWithProviders(<DataTable<Row> rows={rows} rowKey="name" columns={columns} />);
    expect(screen.getByText('applied')).toHaveClass('ant-tag-green');
    expect(screen.getByText('failed')).toHaveClass('ant-tag-red');
    const beta = screen.getByRole('row', { name: /beta/ });
    const edit = within(beta).getByRole('button', { name: 'Edit beta' });
    expect(edit.closest('td')).toHaveStyle({ textAlign: 'right' });
  });
});
