import { ApiOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Empty, Flex, Input, Modal, Tag, Typography } from 'antd';
import { createElement, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useActiveProfile } from '@/features/profiles/activeProfile';
import { profilesApi, type Profile } from '@/features/profiles/api';
import { useSwitchProfile } from '@/features/profiles/useSwitchProfile';
import { chosenRealm } from '@/features/realms/chosenRealm';
import { routesApi } from '@/features/routes/api';
import { toRoutes } from '@/features/routes/routes';
import { userApi } from '@/features/users/api';
import { toUser } from '@/features/users/routes';
import { notify } from '@/lib/notify';
import { features } from './features';

/** One thing the palette can jump to. */
export interface PaletteItem {
  key: string;
  kind: 'screen' | 'profile' | 'route' | 'user';
  label: string;
  detail?: string;
  icon: ReactNode;
  run: () => void | Promise<unknown>;
}

/** Does every word of the query occur in the item's label or detail (any case)? */
export function matches(item: Pick<PaletteItem, 'label' | 'detail'>, query: string): boolean {
  const hay = `${item.label} ${item.detail ?? ''}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

const kindLabel: Record<PaletteItem['kind'], string> = {
  screen: 'screen',
  profile: 'profile',
  route: 'route',
  user: 'user',
};

/**
 * Ctrl+K (or Cmd+K): jump to a screen, a profile, a route or a user of the
 * realm the screens work on. Arrow keys move, Enter opens, Escape closes.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [routeNames, setRouteNames] = useState<{ name: string; path: string }[]>([]);
  const [users, setUsers] = useState<PaletteItem[]>([]);
  const navigate = useNavigate();
  const switchTo = useSwitchProfile();
  const { profile } = useActiveProfile();
  const realm = profile ? (chosenRealm(profile.id) ?? profile.defaultRealm) : '';
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // What the palette offers is read when it opens, so it is never stale.
  useEffect(() => {
    if (!open) return;
    setQuery('');
    setActive(0);
    setUsers([]);
    profilesApi.list().then(setProfiles, () => setProfiles([]));
    routesApi.get().then(
      (f) => setRouteNames((f.config.routes ?? []).map((r) => ({ name: r.name, path: r.path }))),
      () => setRouteNames([]),
    );
  }, [open]);

  // Users are searched in Keycloak as the query is typed (a short pause first).
  useEffect(() => {
    const q = query.trim();
    if (!open || !realm || q.length < 2) {
      setUsers([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      userApi.search(realm, { search: q, max: 5 }).then(
        (page) => {
          if (stale) return;
          setUsers(
            (page.items ?? []).map((u) => ({
              key: `user-${u.id}`,
              kind: 'user' as const,
              label: u.username,
              detail: [u.email, realm].filter(Boolean).join(' · '),
              icon: <UserOutlined aria-hidden />,
              run: () => navigate(toUser({ realm, id: u.id })),
            })),
          );
        },
        () => !stale && setUsers([]),
      );
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query, open, realm, navigate]);

  const items = useMemo(() => {
    const fixed: PaletteItem[] = [
      ...features.map((f) => ({
        key: `screen-${f.key}`,
        kind: 'screen' as const,
        label: f.label,
        icon: createElement(f.icon, { 'aria-hidden': true }),
        run: () => navigate(f.path),
      })),
      ...profiles.map((p) => ({
        key: `profile-${p.id}`,
        kind: 'profile' as const,
        label: p.name,
        detail: `${p.kind} · ${p.keycloakUrl}${p.id === profile?.id ? ' · active' : ''}`,
        icon: <SwapOutlined aria-hidden />,
        run: async () => {
          if (p.id === profile?.id) return;
          try {
            if (await switchTo(p)) notify.success(`Switched to ${p.name}.`);
          } catch (err) {
            notify.error(err);
          }
        },
      })),
      ...routeNames.map((r) => ({
        key: `route-${r.name}`,
        kind: 'route' as const,
        label: r.name,
        detail: r.path,
        icon: <ApiOutlined aria-hidden />,
        run: () => navigate(toRoutes(r.name)),
      })),
    ];
    return [...fixed.filter((i) => matches(i, query)), ...users].slice(0, 30);
  }, [profiles, routeNames, users, query, profile, navigate, switchTo]);

  function choose(item: PaletteItem | undefined) {
    if (!item) return;
    setOpen(false);
    void item.run();
  }

  return (
    <Modal
      open={open}
      onCancel={() => setOpen(false)}
      footer={null}
      closable={false}
      title={null}
      width={560}
      destroyOnHidden
      afterOpenChange={(o) => o && input.current?.focus()}
      aria-label="Command palette"
      styles={{ body: { padding: 0 } }}
    >
      <Input
        ref={(el) => {
          input.current = el?.input ?? null;
        }}
        size="large"
        variant="borderless"
        aria-label="Jump to a screen, profile, route or user"
        placeholder="Jump to a screen, profile, route or user…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, items.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(items[active]);
          }
        }}
      />
      <div
        role="listbox"
        aria-label="Results"
        style={{ maxHeight: 360, overflowY: 'auto', borderTop: '1px solid rgba(128,128,128,0.2)' }}
      >
        {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nothing matches." />}
        {items.map((item, i) => (
          <div
            key={item.key}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(item)}
            style={{
              cursor: 'pointer',
              padding: '8px 16px',
              background: i === active ? 'rgba(22,119,255,0.08)' : undefined,
            }}
          >
            <Flex align="center" gap={10} style={{ minWidth: 0, width: '100%' }}>
              {item.icon}
              <Typography.Text strong ellipsis>
                {item.label}
              </Typography.Text>
              {item.detail && (
                <Typography.Text type="secondary" ellipsis style={{ flex: 1 }}>
                  {item.detail}
                </Typography.Text>
              )}
              <Tag style={{ marginInlineStart: 'auto' }}>{kindLabel[item.kind]}</Tag>
            </Flex>
          </div>
        ))}
      </div>
    </Modal>
  );
}
