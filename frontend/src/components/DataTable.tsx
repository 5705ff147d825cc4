import { Flex, Input, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import { useLoader } from '@/lib/useLoader';
import { ErrorAlert } from './ErrorAlert';

/** What DataTable asks the loader for: a page of `max` rows starting at row `first` (0-based). */
export interface PageQuery {
  first: number;
  max: number;
  /** The trimmed search text; empty string when there is none. */
  search: string;
  /** Aborted once this request is superseded; its result is then ignored anyway. */
  signal: AbortSignal;
}

/**
 * One page of rows. `total` is the number of matching rows; leave it out when
 * the server cannot count cheaply: the table then offers a next page whenever
 * a full page came back.
 */
export interface PageResult<T> {
  items: T[];
  total?: number;
}

export type PageLoader<T> = (query: PageQuery) => Promise<PageResult<T>>;

/** What DataTable asks the counter for: how many rows match the search (and the caller's deps). */
export interface CountQuery {
  search: string;
  /** Aborted once the search or deps change; its result is then ignored anyway. */
  signal: AbortSignal;
}

/** Counts the rows matching a search, for servers where counting costs as much as listing. */
export type RowCounter = (query: CountQuery) => Promise<number>;

export interface DataTableHandle {
  /** Loads the current page again (after a create, edit or delete). */
  reload(): void;
}

/** The props every DataTable takes, whether it pages on the server or shows a list it was given. */
interface TableBaseProps<T> {
  columns: TableColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  /** Buttons to the right of the search box, e.g. "Create user". */
  toolbar?: ReactNode;
  /** Shown when there are no rows at all; a search that finds nothing says so instead. */
  emptyText?: ReactNode;
  /** The table's accessible name ("Consents"), when the page has several. */
  label?: string;
  /** Any other antd Table props: rowSelection, onRow, expandable, scroll, sticky, title... */
  tableProps?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'loading' | 'pagination' | 'rowKey' | 'onChange'>;
}

export interface PagedTableProps<T> extends TableBaseProps<T> {
  /** Fetches one page; may be an inline function (the latest one is always used). */
  loader: PageLoader<T>;
  /**
   * Counts the matching rows, when the loader leaves `total` out because counting is dear. It is
   * called once per search and deps (not per page), after that filter's first page is on screen,
   * and again on reload(). May be an inline function.
   */
  counter?: RowCounter;
  /** Shows the search box (default true). */
  searchable?: boolean;
  searchPlaceholder?: string;
  /** Milliseconds of typing pause before searching; Enter searches at once. Default 300. */
  searchDelay?: number;
  /** Rows per page (default 20). */
  pageSize?: number;
  /** Query again from the first page when any of these change, e.g. [realm]. Keep the length fixed. */
  deps?: readonly unknown[];
  ref?: Ref<DataTableHandle>;
  rows?: never;
}

/** A whole list loaded elsewhere (useLoader's result fits), or rows already at hand. */
export interface RowsSource<T> {
  data: readonly T[] | undefined;
  loading?: boolean;
  /** Shown above the table, with a Retry button when reload is given. */
  error?: unknown;
  reload?: () => void;
}

export interface ListTableProps<T> extends TableBaseProps<T> {
  /** The rows: the table neither loads nor searches; it shows them, their error and their loading state. */
  rows: RowsSource<T> | readonly T[];
  /** Pages in the browser with this many rows a page; by default every row is shown. */
  pageSize?: number;
  loader?: never;
}

/**
 * Server-paged (loader) or a list at hand (rows): one table look, one place for
 * the empty text, the error and its Retry.
 */
export type DataTableProps<T> = PagedTableProps<T> | ListTableProps<T>;

const noDeps: readonly unknown[] = [];

/** Every table of the app: see DataTableProps for its two sources. */
export function DataTable<T extends object>(props: DataTableProps<T>) {
  return props.rows !== undefined ? <ListTable<T> {...props} /> : <PagedTable<T> {...props} />;
}

function isRowList<T>(rows: RowsSource<T> | readonly T[]): rows is readonly T[] {
  return Array.isArray(rows);
}

/** Rows given by the caller, shown whole or paged in the browser. */
function ListTable<T extends object>({
  rows,
  columns,
  rowKey,
  pageSize,
  toolbar,
  emptyText,
  label,
  tableProps,
}: ListTableProps<T>) {
  const source: RowsSource<T> = isRowList(rows) ? { data: rows } : rows;
  const shownEmpty = source.error ? 'No rows: see the error above.' : emptyText;
  return (
    <div className="tandem-data-table">
      {toolbar && (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Space wrap>{toolbar}</Space>
        </Flex>
      )}
      <ErrorAlert error={source.error} onRetry={source.reload} />
      <Table<T>
        size="small"
        aria-label={label}
        {...tableProps}
        columns={columns}
        dataSource={source.data ? [...source.data] : []}
        rowKey={rowKey}
        loading={source.loading ?? false}
        locale={shownEmpty !== undefined ? { emptyText: shownEmpty } : undefined}
        pagination={pageSize ? { pageSize, size: 'small', hideOnSinglePage: true } : false}
      />
    </div>
  );
}

/**
 * A server-paged, server-searched antd Table. Paging and search state live
 * here; the loader is asked for exactly the rows on screen. A slow response
 * for an old page or search never replaces the rows of a newer request.
 */
function PagedTable<T extends object>({
  loader,
  counter,
  columns,
  rowKey,
  searchable = true,
  searchPlaceholder = 'Search',
  searchDelay = 300,
  pageSize: initialPageSize = 20,
  toolbar,
  deps = noDeps,
  emptyText,
  label,
  tableProps,
  ref,
}: PagedTableProps<T>) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');

  // New outside inputs (another realm...) restart at page 1, decided during
  // render so that no request for the old page is sent with the new inputs.
  const [trackedDeps, setTrackedDeps] = useState(deps);
  if (!sameItems(trackedDeps, deps)) {
    setTrackedDeps(deps);
    setPage(1);
  }

  // One token per filter (search, deps) and reload: a page and a count belong to the filter they
  // were asked for, so a count is asked once per filter, after that filter's rows are on screen.
  // Kept in state and replaced during render, like trackedDeps above: its identity is the token, and a memo may be
  // recomputed at React's will. trackedDeps is itself replaced only when an item changes.
  const [countGeneration, setCountGeneration] = useState(0);
  const [filter, setFilter] = useState({ search, countGeneration, deps: trackedDeps });
  if (filter.search !== search || filter.countGeneration !== countGeneration || filter.deps !== trackedDeps) {
    setFilter({ search, countGeneration, deps: trackedDeps });
  }

  const first = (page - 1) * pageSize;
  const {
    data: loaded,
    error,
    loading,
    reload: reloadPage,
  } = useLoader(
    async (signal) => ({ page: await loader({ first, max: pageSize, search, signal }), filter }),
    [first, pageSize, search, ...trackedDeps],
  );

  const [count, setCount] = useState<{ filter: object; total: number }>();
  const latestCounter = useRef(counter);
  useEffect(() => {
    latestCounter.current = counter;
  });
  const pageShown = !loading && loaded?.filter === filter;
  // The count in flight, kept across page changes: only a new filter (or unmounting) drops it.
  const countRun = useRef<{ filter: object; controller: AbortController }>(undefined);
  useEffect(() => {
    const countRows = latestCounter.current;
    if (!countRows || !pageShown || countRun.current?.filter === filter) return;
    countRun.current?.controller.abort();
    const controller = new AbortController();
    countRun.current = { filter, controller };
    countRows({ search, signal: controller.signal }).then(
      (total) => {
        if (!controller.signal.aborted) setCount({ filter, total });
      },
      // A failed count leaves the total unknown; the rows are already on screen.
      () => undefined,
    );
  }, [pageShown, filter, search]);
  useEffect(
    () => () => {
      countRun.current?.controller.abort();
      countRun.current = undefined;
    },
    [],
  );

  const reload = useCallback(() => {
    setCountGeneration((g) => g + 1);
    reloadPage();
  }, [reloadPage]);
  useImperativeHandle(ref, () => ({ reload }), [reload]);

  // A failed request shows its error and no rows: the rows of the previous
  // filter would read as the answer to this one.
  const data = useMemo<PageResult<T> | undefined>(
    () =>
      error || !loaded
        ? undefined
        : {
            items: loaded.page.items,
            total: loaded.page.total ?? (count?.filter === loaded.filter ? count.total : undefined),
          },
    [error, loaded, count],
  );

  // Debounced search: only a pause in typing sends a request.
  useEffect(() => {
    const next = searchText.trim();
    if (next === search) return undefined;
    const timer = setTimeout(() => {
      setSearch(next);
      setPage(1);
    }, searchDelay);
    return () => clearTimeout(timer);
  }, [searchText, search, searchDelay]);

  const items = data?.items ?? [];
  // While a search filters the rows, "No users." or "No routes yet: add one" would be wrong: say what found nothing.
  const shownEmpty = error ? 'No rows: see the error above.' : search ? `Nothing matches “${search}”.` : emptyText;
  const total = totalOf(data, first, pageSize);

  // The last row of the last page was deleted elsewhere: step back to a page that has rows.
  useEffect(() => {
    if (!loading && data && data.items.length === 0 && page > 1 && data.total !== undefined) {
      setPage(Math.max(1, Math.ceil(data.total / pageSize)));
    }
  }, [loading, data, page, pageSize]);

  return (
    <div className="tandem-data-table">
      {(searchable || toolbar) && (
        <Flex justify="space-between" align="center" gap={12} wrap="wrap" style={{ marginBottom: 12 }}>
          {searchable ? (
            <Input.Search
              // "/" anywhere on the screen focuses this box (see useScreenShortcuts).
              data-screen-search=""
              aria-label={searchPlaceholder}
              placeholder={searchPlaceholder}
              allowClear
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onSearch={(value) => {
                setSearchText(value);
                setSearch(value.trim());
                setPage(1);
              }}
              style={{ maxWidth: 360 }}
            />
          ) : (
            <span />
          )}
          {toolbar && <Space wrap>{toolbar}</Space>}
        </Flex>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      <Table<T>
        size="small"
        aria-label={label}
        {...tableProps}
        columns={columns}
        dataSource={items}
        rowKey={rowKey}
        loading={loading}
        locale={shownEmpty !== undefined ? { emptyText: shownEmpty } : undefined}
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: data?.total !== undefined ? (n, [from, to]) => `${from}–${to} of ${n}` : undefined,
          size: 'small',
        }}
        onChange={(pagination) => {
          const nextSize = pagination.pageSize ?? pageSize;
          if (nextSize !== pageSize) {
            setPageSize(nextSize);
            setPage(1);
          } else {
            setPage(pagination.current ?? 1);
          }
        }}
      />
    </div>
  );
}

function totalOf<T>(data: PageResult<T> | undefined, first: number, max: number): number {
  if (!data) return first;
  if (data.total !== undefined) return data.total;
  // Unknown count: a full page suggests there is at least one more row.
  return first + data.items.length + (data.items.length === max ? 1 : 0);
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
