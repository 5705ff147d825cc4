import { Menu, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { features } from './features';

/** The screen menu: one item per feature, the current one highlighted (also on its detail pages). */
export function SideMenu() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = features.find((f) => isWithin(location.pathname, f.path))?.key;

  const items = useMemo<MenuProps['items']>(
    () =>
      features.map((f) => ({
        key: f.key,
        icon: <f.icon aria-hidden />,
        label: f.label,
        onClick: () => navigate(f.path),
      })),
    [navigate],
  );

  return (
    <nav aria-label="Screens">
      <Menu
        mode="inline"
        selectedKeys={active ? [active] : []}
        items={items}
        style={{ borderInlineEnd: 'none', background: 'transparent' }}
      />
    </nav>
  );
}

/** Segment-aware prefix match: /users/x is within /users, /usersettings is not. */
function isWithin(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(base.endsWith('/') ? base : `${base}/`);
}
