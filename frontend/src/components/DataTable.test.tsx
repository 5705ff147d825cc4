import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { deferred } from '@/test/deferred';
import { renderWithProviders } from '@/test/render';
import {
  DataTable,
  type CountQuery,
  type DataTableHandle,
  type DataTableProps,
  type PageQuery,
  type PageResult,
} from './DataTable';

interface User {
  id: string;
  username: string;
}

const columns = [{ title: 'Username', dataIndex: 'username', key: 'username' }];

/** Omit on each member of a union, so the table's two kinds of props stay apart. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The table every test renders: the users' column and key; the source and options as the test gives them. */
function UsersTable(props: DistributiveOmit<DataTableProps<User>, 'columns' | 'rowKey'>) {
  return <DataTable<User> columns={columns} rowKey="id" {...props} />;
}

function users(from: number, count: number, prefix = 'user'): User[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${from + i}`, username: `${prefix}${from + i}` }));
}

/** A loader whose responses the test releases one by one. */
function controlledLoader() {
  const requests: { query: PageQuery; response: ReturnType<typeof deferred<PageResult<User>>> }[] = [];
  const loader = vi.fn((query: PageQuery) => {
    const response = deferred<PageResult<User>>();
    requests.push({ query, response });
    return response.promise;
  });
  return { loader, requests };
}

function rowNames(): string[] {
  const body = document.querySelector('.ant-table-tbody') as HTMLElement;
  return within(body)
    .queryAllByRole('row')
    .map((r) => r.textContent ?? '')
    .filter((t) => t !== '' && !t.includes('No data'));
}

describe('DataTable', () => {
  it('asks the loader for the first page, then for the page the user clicks', async () => {
    const loader = vi.fn(async ({ first, max }: PageQuery) => ({ items: users(first, max), total: 95 }));
    renderWithProviders(<UsersTable loader={loader} pageSize={20} />);

    await screen.findByText('user0');
    expect(loader).toHaveBeenLastCalledWith(expect.objectContaining({ first: 0, max: 20, search: '' }));
    expect(screen.getByText('1–20 of 95')).toBeInTheDocument();

    await userEvent.click(screen.getByTitle('3'));
    await screen.findByText('user40');
    expect(loader).toHaveBeenLastCalledWith(expect.objectContaining({ first: 40, max: 20, search: '' }));
    expect(rowNames()).toHaveLength(20);
    expect(rowNames()[0]).toBe('user40');
  });

  it('restarts from the first row with a new page size', async () => {
    const loader = vi.fn(async ({ first, max }: PageQuery) => ({ items: users(first, max), total: 300 }));
    renderWithProviders(<UsersTable loader={loader} pageSize={20} />);
    await screen.findByText('user0');
    await userEvent.click(screen.getByTitle('2'));
    await screen.findByText('user20');

    await userEvent.click(screen.getByRole('combobox'));
    await userEvent.click(await screen.findByTitle('50 / page'));
    await waitFor(() => expect(loader).toHaveBeenLastCalledWith(expect.objectContaining({ first: 0, max: 50 })));
  });

  it('never lets a slow response for an earlier request overwrite a later one', async () => {
    const { loader, requests } = controlledLoader();
    renderWithProviders(
      <UsersTable loader={loader} pageSize={10} searchPlaceholder="Search users" searchDelay={3_600_000} />,
    );
    await act(async () => requests[0].response.resolve({ items: users(0, 10), total: 50 }));
    await screen.findByText('user0');

    await userEvent.click(screen.getByTitle('2')); // this response will be slow
    // Enter searches at once (the debounce is pushed out of reach so only Enter can trigger it).
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search users' }), 'bob{Enter}');
    await waitFor(() => expect(requests).toHaveLength(3));
    expect(requests.map((r) => [r.query.first, r.query.search])).toEqual([
      [0, ''],
      [10, ''],
      [0, 'bob'],
    ]);
    expect(requests[1].query.signal.aborted).toBe(true);

    await act(async () => requests[2].response.resolve({ items: users(0, 2, 'bob'), total: 2 }));
    await act(async () => requests[1].response.resolve({ items: users(10, 10), total: 50 }));

    expect(rowNames()).toEqual(['bob0', 'bob1']);
    expect(screen.queryByText('user10')).not.toBeInTheDocument();
  });

  it('searches after a pause in typing, from the first row, without a request per keystroke', async () => {
    const loader = vi.fn(async ({ first, max, search }: PageQuery) => ({
      items: users(first, Math.min(max, 5), search || 'user'),
      total: search ? 5 : 100,
    }));
    renderWithProviders(<UsersTable loader={loader} searchPlaceholder="Search users" />);
    await screen.findByText('user0');
    await userEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(loader).toHaveBeenLastCalledWith(expect.objectContaining({ first: 20 })));
    loader.mockClear();

    // Fake clocks make "a pause" exact: keystrokes take no time, then 300 ms pass.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const user = userEvent.setup({ delay: null });
      await user.type(screen.getByRole('searchbox', { name: 'Search users' }), 'alice');
      await act(async () => vi.advanceTimersByTime(299));
      expect(loader).not.toHaveBeenCalled();
      await act(async () => vi.advanceTimersByTime(1));
    } finally {
      vi.useRealTimers();
    }

    await screen.findByText('alice0');
    expect(loader).toHaveBeenCalledTimes(1);
    expect(loader).toHaveBeenLastCalledWith(expect.objectContaining({ first: 0, search: 'alice' }));
  });

  it('shows the error with a retry that loads again', async () => {
    let calls = 0;
    const loader = vi.fn(async () => {
      calls += 1;
      if (calls === 1) throw '{"code":"unreachable","message":"Keycloak at http://127.0.0.1:8180 is not answering"}';
      return { items: users(0, 1), total: 1 };
    });
    renderWithProviders(<UsersTable loader={loader} />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Server unreachable');
    expect(alert).toHaveTextContent('Keycloak at http://127.0.0.1:8180 is not answering.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await screen.findByText('user0');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows no rows of an earlier search once a later one fails', async () => {
    const loader = vi.fn(async ({ search }: PageQuery) => {
      if (search === 'bad') throw '{"code":"invalid_input","message":"That search cannot be run."}';
      return { items: users(0, 2), total: 2 };
    });
    renderWithProviders(<UsersTable loader={loader} searchDelay={0} />);
    await screen.findByText('user0');
    await userEvent.type(screen.getByRole('searchbox'), 'bad{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('That search cannot be run.');
    expect(rowNames()).toEqual(['No rows: see the error above.']);
  });

  it('goes back to the first page when its deps change', async () => {
    const loader = vi.fn(async ({ first, max }: PageQuery) => ({ items: users(first, max), total: 100 }));
    const { rerender } = renderWithProviders(<UsersTable loader={loader} deps={['master']} />);
    await screen.findByText('user0');
    await userEvent.click(screen.getByTitle('2'));
    await screen.findByText('user20');
    loader.mockClear();

    rerender(<UsersTable loader={loader} deps={['demo']} />);
    await screen.findByText('user0');
    expect(loader.mock.calls.map(([q]) => q.first)).toEqual([0]);
  });

  it('offers a next page when the total is unknown and the page came back full', async () => {
    const loader = vi.fn(async ({ first, max }: PageQuery) => ({ items: users(first, first < 20 ? max : 3) }));
    renderWithProviders(<UsersTable loader={loader} pageSize={10} />);
    await screen.findByText('user0');
    await userEvent.click(screen.getByTitle('Next Page'));
    await screen.findByText('user10');
    await userEvent.click(screen.getByTitle('Next Page'));
    await screen.findByText('user20');
    expect(rowNames()).toHaveLength(3);
    expect(screen.getByTitle('Next Page')).toHaveAttribute('aria-disabled', 'true');
  });

  it('says what a search did not find instead of the empty-table text', async () => {
    const loader = vi.fn(async () => ({ items: [], total: 0 }));
    renderWithProviders(
      <UsersTable loader={loader} searchPlaceholder="Search users" emptyText="No users yet: create one." />,
    );
    expect(await screen.findByText('No users yet: create one.')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search users' }), 'zed{Enter}');
    expect(await screen.findByText('Nothing matches “zed”.')).toBeInTheDocument();
    expect(screen.queryByText('No users yet: create one.')).not.toBeInTheDocument();
  });

  it('counts once per filter, after its first page is on screen, never per page', async () => {
    const { loader, requests } = controlledLoader();
    const counter = vi.fn(async ({ search }: CountQuery) => (search ? 3 : 95));
    renderWithProviders(
      <UsersTable
        loader={loader}
        counter={counter}
        pageSize={20}
        searchPlaceholder="Search users"
        searchDelay={3_600_000}
      />,
    );
    // Nothing is counted while the first page is still on its way.
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(counter).not.toHaveBeenCalled();
    await act(async () => requests[0].response.resolve({ items: users(0, 20) }));
    await screen.findByText('1–20 of 95');
    expect(counter).toHaveBeenCalledTimes(1);

    // Paging keeps the count: Keycloak is not asked to scan every user again.
    await userEvent.click(screen.getByTitle('3'));
    await act(async () => requests[1].response.resolve({ items: users(40, 20) }));
    await screen.findByText('41–60 of 95');
    await userEvent.click(screen.getByTitle('2'));
    await act(async () => requests[2].response.resolve({ items: users(20, 20) }));
    await screen.findByText('21–40 of 95');
    expect(counter).toHaveBeenCalledTimes(1);

    // A new search is a new filter: counted once, after its rows show.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search users' }), 'bob{Enter}');
    await waitFor(() => expect(requests).toHaveLength(4));
    expect(counter).toHaveBeenCalledTimes(1);
    await act(async () => requests[3].response.resolve({ items: users(0, 3, 'bob') }));
    await screen.findByText('1–3 of 3');
    expect(counter).toHaveBeenCalledTimes(2);
    expect(counter).toHaveBeenLastCalledWith(expect.objectContaining({ search: 'bob' }));
  });

  it('counts again on reload, when rows may have been added or deleted', async () => {
    let total = 30;
    const loader = vi.fn(async ({ first, max }: PageQuery) => ({ items: users(first, Math.min(max, total - first)) }));
    const counter = vi.fn(async () => total);
    const ref = createRef<DataTableHandle>();
    renderWithProviders(<UsersTable ref={ref} loader={loader} counter={counter} pageSize={20} />);
    await screen.findByText('1–20 of 30');
    total = 31;
    act(() => ref.current?.reload());
    await screen.findByText('1–20 of 31');
    expect(counter).toHaveBeenCalledTimes(2);
  });
});

describe('DataTable with rows at hand', () => {
  it('shows the rows it is given, their error with Retry, and an empty text', async () => {
    const reload = vi.fn();
    const { rerender } = renderWithProviders(
      <UsersTable rows={{ data: users(0, 3), loading: false }} label="Users" emptyText="No users." />,
    );
    expect(within(screen.getByRole('table', { name: 'Users' })).getByText('user2')).toBeInTheDocument();
    // No search box and no pager: the list is shown whole.
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(screen.queryByTitle('2')).not.toBeInTheDocument();

    rerender(
      <UsersTable rows={{ data: undefined, error: new Error('Keycloak is down'), reload }} emptyText="No users." />,
    );
    expect(screen.getByText(/Keycloak is down/)).toBeInTheDocument();
    expect(screen.getByText('No rows: see the error above.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(reload).toHaveBeenCalledTimes(1);

    rerender(<UsersTable rows={[]} emptyText="No users." />);
    expect(screen.getByText('No users.')).toBeInTheDocument();
  });

  it('pages in the browser when given a page size', async () => {
    renderWithProviders(<UsersTable rows={users(0, 25)} pageSize={10} />);
    expect(rowNames()).toHaveLength(10);
    await userEvent.click(screen.getByTitle('3'));
    expect(rowNames()).toEqual(['user20', 'user21', 'user22', 'user23', 'user24']);
  });
});
