import { Button, Empty, Spin, Tree } from 'antd';
import { useCallback, useEffect, useImperativeHandle, useState, type Key, type Ref } from 'react';
import { ErrorAlert } from '@/components/ErrorAlert';
import { SearchInput } from '@/components/SearchInput';
import { groupApi, type Group } from './api';
import { allKeys, forget, mergePage, searchTreeData, toTreeData, type GroupNode, type TreeState } from './groupTree';

/** Groups read per request: top-level groups, children of one group, search matches. */
const PAGE = 50;

export interface GroupTreeHandle {
  /** Reads the children of a parent ('' for the top level) again, e.g. after creating one. */
  reloadChildren(parentId: string): void;
  /** Reads the whole tree again, e.g. after a rename changed paths. */
  reloadAll(): void;
}

export interface GroupTreeProps {
  realm: string;
  selectedId: string | undefined;
  onSelect: (group: Group) => void;
  ref?: Ref<GroupTreeHandle>;
}

/**
 * The realm's groups as a tree: top-level groups page by page, children read
 * when a node is opened, a search showing the matching branches.
 */
export function GroupTree({ realm, selectedId, onSelect, ref }: GroupTreeProps) {
  const [state, setState] = useState<TreeState>({});
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<GroupNode[] | undefined>();
  const [generation, setGeneration] = useState(0);

  const loadPage = useCallback(
    async (parentId: string, first: number) => {
      const page = parentId
        ? await groupApi.children(realm, parentId, first, PAGE)
        : await groupApi.list(realm, '', first, PAGE);
      setState((s) => mergePage(s, parentId, first, page));
    },
    [realm],
  );

  // The top level, again whenever the realm changes or everything is reloaded.
  useEffect(() => {
    let stale = false;
    setState({});
    setLoadedKeys([]);
    setExpandedKeys([]);
    setError(undefined);
    setLoading(true);
    groupApi
      .list(realm, '', 0, PAGE)
      .then((page) => !stale && setState(mergePage({}, '', 0, page)))
      .catch((err) => !stale && setError(err))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [realm, generation]);

  // Search results replace the tree while a search is active.
  useEffect(() => {
    if (!search) {
      setFound(undefined);
      return undefined;
    }
    let stale = false;
    setLoading(true);
    setError(undefined);
    groupApi
      .list(realm, search, 0, PAGE)
      .then((page) => !stale && setFound(searchTreeData(page.items)))
      .catch((err) => !stale && setError(err))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [realm, search, generation]);

  useImperativeHandle(
    ref,
    () => ({
      reloadChildren(parentId: string) {
        loadPage(parentId, 0).catch(setError);
        if (parentId) {
          setLoadedKeys((keys) => (keys.includes(parentId) ? keys : [...keys, parentId]));
          setExpandedKeys((keys) => (keys.includes(parentId) ? keys : [...keys, parentId]));
        }
        if (search) setGeneration((g) => g + 1);
      },
      reloadAll() {
        setState((s) => forget(s, ''));
        setGeneration((g) => g + 1);
      },
    }),
    [loadPage, search],
  );

  const onLoadData = async (node: { key: Key; moreOf?: string }) => {
    const key = String(node.key);
    if (node.moreOf !== undefined) return;
    try {
      await loadPage(key, 0);
      setLoadedKeys((keys) => [...keys, key]);
    } catch (err) {
      setError(err);
    }
  };

  const treeData = found ?? toTreeData(state);

  return (
    <div>
      <SearchInput
        aria-label="Search groups"
        placeholder="Search groups at any depth"
        onSearch={setSearch}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={error} onRetry={() => setGeneration((g) => g + 1)} />
      <Spin spinning={loading}>
        {treeData.length === 0 && !loading ? (
          <Empty description={search ? 'No group matches.' : 'No groups yet.'} />
        ) : (
          <Tree<GroupNode>
            aria-label="Groups"
            blockNode
            showLine
            treeData={treeData}
            loadData={found ? undefined : onLoadData}
            loadedKeys={found ? undefined : loadedKeys}
            expandedKeys={found ? allKeys(found) : expandedKeys}
            onExpand={(keys) => !found && setExpandedKeys(keys.map(String))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(_, info) => {
              const { node } = info;
              if (node.moreOf !== undefined) {
                const loaded = state[node.moreOf]?.groups.length ?? 0;
                loadPage(node.moreOf, loaded).catch(setError);
                return;
              }
              if (node.group) onSelect(node.group);
            }}
            titleRender={(node) =>
              node.moreOf !== undefined ? (
                <Button type="link" size="small" style={{ padding: 0 }}>
                  {node.title}
                </Button>
              ) : (
                <span>{node.title}</span>
              )
            }
          />
        )}
      </Spin>
    </div>
  );
}
