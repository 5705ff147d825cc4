import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { GroupTree } from './GroupTree';

const api = vi.hoisted(() => ({ List: vi.fn(), Children: vi.fn() }));
vi.mock('wails/go/app/GroupService', () => api);

const g = (id: string, name: string, path: string, subGroupCount = 0, subGroups: unknown[] = []) => ({
  id,
  name,
  path,
  parentId: '',
  subGroupCount,
  subGroups,
});

beforeEach(() => {
  api.List.mockReset();
  api.Children.mockReset();
});

describe('GroupTree', () => {
  it('pages top-level groups and reads children only when a group is opened', async () => {
    api.List.mockImplementation(async (_realm: string, search: string, first: number) => {
      expect(search).toBe('');
      return first === 0
        ? { items: [g('a', 'staff', '/staff', 2), g('b', 'ops', '/ops')], total: 3, estimated: false }
        : { items: [g('c', 'sales', '/sales')], total: 3, estimated: false };
    });
    api.Children.mockResolvedValue({
      items: [g('a1', 'berlin', '/staff/berlin')],
      total: 2,
      estimated: false,
    });
    const onSelect = vi.fn();
    renderWithProviders(<GroupTree realm="demo" selectedId={undefined} onSelect={onSelect} />);

    expect(await screen.findByText('staff')).toBeInTheDocument();
    expect(api.Children).not.toHaveBeenCalled();

    await userEvent.click(screen.getByText('Load more…'));
    expect(await screen.findByText('sales')).toBeInTheDocument();
    expect(api.List).toHaveBeenLastCalledWith('demo', '', 2, 50);
    expect(screen.queryByText('Load more…')).not.toBeInTheDocument();

    // Open staff: its first page of children is read, with a "Load more…" for the rest.
    const staffRow = screen.getByText('staff').closest('.ant-tree-treenode') as HTMLElement;
    await userEvent.click(staffRow.querySelector('.ant-tree-switcher') as HTMLElement);
    expect(await screen.findByText('berlin')).toBeInTheDocument();
    expect(api.Children).toHaveBeenCalledWith('demo', 'a', 0, 50);
    expect(screen.getByText('Load more…')).toBeInTheDocument();

    await userEvent.click(screen.getByText('berlin'));
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1', path: '/staff/berlin' }));
  });

  it('shows search matches inside their branch', async () => {
    api.List.mockImplementation(async (_realm: string, search: string) =>
      search
        ? {
            items: [g('a', 'staff', '/staff', 2, [g('a1', 'berlin', '/staff/berlin')])],
            total: 1,
            estimated: false,
          }
        : { items: [g('a', 'staff', '/staff', 2)], total: 1, estimated: false },
    );
    renderWithProviders(<GroupTree realm="demo" selectedId={undefined} onSelect={() => undefined} />);
    await screen.findByText('staff');

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search groups' }), 'ber{Enter}');
    expect(await screen.findByText('berlin')).toBeInTheDocument();
    expect(api.List).toHaveBeenLastCalledWith('demo', 'ber', 0, 50);
    expect(api.Children).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search groups' }));
    await waitFor(() => expect(screen.queryByText('berlin')).not.toBeInTheDocument());
  });
});
