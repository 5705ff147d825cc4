// The group tree as the page holds it: for each loaded parent ('' for the top
// level), the groups loaded so far and whether more pages exist. Children
// are read page by page when a node is expanded, never the whole tree.
import type { Group } from './api';

export interface LoadedChildren {
  groups: Group[];
  /** Another page exists after these groups. */
  more: boolean;
}

export type TreeState = Record<string, LoadedChildren>;

/** What a page request returned, as GroupService.List/Children answer. */
export interface GroupPageResult {
  items: Group[];
  total: number;
  estimated: boolean;
}

/** A node of antd's Tree: a group, or the "Load more" entry under a parent. */
export interface GroupNode {
  key: string;
  title: string;
  isLeaf?: boolean;
  children?: GroupNode[];
  group?: Group;
  /** Set on a "Load more" node: the parent whose next page it loads ('' for the top level). */
  moreOf?: string;
}

export const moreKey = (parentId: string) => `more:${parentId}`;

/** Records one page of a parent's children; page `first` 0 replaces what was loaded before. */
export function mergePage(state: TreeState, parentId: string, first: number, page: GroupPageResult): TreeState {
  const before = first === 0 ? [] : (state[parentId]?.groups ?? []);
  const seen = new Set(before.map((g) => g.id));
  const groups = [...before, ...page.items.filter((g) => !seen.has(g.id))];
  const more = page.estimated || first + page.items.length < page.total;
  return { ...state, [parentId]: { groups, more } };
}

/** Forgets the loaded children of a parent, so they are read again on the next expand. */
export function forget(state: TreeState, parentId: string): TreeState {
  const next = { ...state };
  delete next[parentId];
  return next;
}

/** Builds antd tree data from what is loaded. Unloaded parents have no children yet. */
export function toTreeData(state: TreeState, parentId = ''): GroupNode[] {
  const loaded = state[parentId];
  if (!loaded) return [];
  const nodes: GroupNode[] = loaded.groups.map((g) => {
    const node: GroupNode = { key: g.id, title: g.name, group: g, isLeaf: g.subGroupCount === 0 };
    if (state[g.id]) node.children = toTreeData(state, g.id);
    return node;
  });
  if (loaded.more) nodes.push({ key: moreKey(parentId), title: 'Load more…', isLeaf: true, moreOf: parentId });
  return nodes;
}

/** Tree data for search results: the matching branches, fully shown. */
export function searchTreeData(groups: Group[]): GroupNode[] {
  return groups.map((g) => {
    const children = searchTreeData(g.subGroups ?? []);
    return { key: g.id, title: g.name, group: g, isLeaf: children.length === 0, children };
  });
}

/** Every key in search tree data, to show the branches expanded. */
export function allKeys(nodes: GroupNode[]): string[] {
  return nodes.flatMap((n) => [n.key, ...allKeys(n.children ?? [])]);
}
