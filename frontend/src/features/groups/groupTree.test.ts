import { describe, expect, it } from 'vitest';
import type { Group } from './api';
import { allKeys, forget, mergePage, moreKey, searchTreeData, toTreeData } from './groupTree';

const g = (id: string, name: string, subGroupCount = 0, subGroups: Group[] = []): Group =>
  ({ id, name, path: `/${name}`, parentId: '', subGroupCount, subGroups }) as Group;

describe('group tree', () => {
  it('loads pages lazily and offers the next page while more exist', () => {
    let s = mergePage({}, '', 0, { items: [g('a', 'a', 2), g('b', 'b')], total: 3, estimated: false });
    expect(toTreeData(s).map((n) => n.key)).toEqual(['a', 'b', moreKey('')]);
    expect(toTreeData(s)[0].isLeaf).toBe(false);
    expect(toTreeData(s)[1].isLeaf).toBe(true);
    expect(toTreeData(s)[0].children).toBeUndefined();

    s = mergePage(s, '', 2, { items: [g('c', 'c')], total: 3, estimated: false });
    expect(toTreeData(s).map((n) => n.key)).toEqual(['a', 'b', 'c']);

    s = mergePage(s, 'a', 0, { items: [g('a1', 'a1')], total: 2, estimated: false });
    const a = toTreeData(s)[0];
    expect(a.children?.map((n) => n.key)).toEqual(['a1', moreKey('a')]);
    expect(a.children?.[1].moreOf).toBe('a');
  });

  it('treats an estimated page as having more, and never repeats a group', () => {
    let s = mergePage({}, '', 0, { items: [g('a', 'a')], total: 2, estimated: true });
    expect(s[''].more).toBe(true);
    s = mergePage(s, '', 1, { items: [g('a', 'a'), g('b', 'b')], total: 3, estimated: false });
    expect(s[''].groups.map((x) => x.id)).toEqual(['a', 'b']);
    expect(s[''].more).toBe(false);
  });

  it('reloads from scratch after forgetting a parent', () => {
    let s = mergePage({}, 'p', 0, { items: [g('x', 'x')], total: 1, estimated: false });
    s = forget(s, 'p');
    expect(s.p).toBeUndefined();
    s = mergePage(s, 'p', 0, { items: [g('y', 'y')], total: 1, estimated: false });
    expect(s.p.groups.map((x) => x.id)).toEqual(['y']);
  });

  it('shows search branches expanded with leaves where the branch ends', () => {
    const nodes = searchTreeData([g('s', 'staff', 3, [g('b', 'berlin')])]);
    expect(allKeys(nodes)).toEqual(['s', 'b']);
    expect(nodes[0].isLeaf).toBe(false);
    expect(nodes[0].children?.[0].isLeaf).toBe(true);
  });
});
