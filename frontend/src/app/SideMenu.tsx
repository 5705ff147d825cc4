import { Menu, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { useMatches, useNavigate } from 'react-router';
import { useFeatures } from './featuresContext';
import { featureOf } from './feature';

/** The screen menu: one item per feature, the current one highlighted (also on its detail pages). */
export function SideMenu() {
  const navigate = useNavigate();
  const features = useFeatures();
  const active = useMatches()
    .map((m) => featureOf(m.handle))
    .findLast((key) => key !== undefined);

  const items = useMemo<MenuProps['items']>(
    () =>
      features.map((f) => ({
        key: f.key,
        icon: <f.icon aria-hidden />,
        label: f.label,
        onClick: () => navigate(f.path),
      })),
    [features, navigate],
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
