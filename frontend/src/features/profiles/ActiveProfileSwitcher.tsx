import { CheckOutlined, DownOutlined, LockOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Spin, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { notify } from '@/lib/notify';
import { useSubmit } from '@/lib/useSubmit';
import { useActiveProfile } from './activeProfile';
import { profilesApi, type Profile } from './api';
import { ColorSwatch, KindTag } from './ProfileBits';
import { toProfiles } from './routes';
import { useSwitchProfile } from './useSwitchProfile';

/**
 * Header slot: the active profile's name in its colour, always visible, and a
 * dropdown to switch. Switching emits profile:switched, which reloads every
 * screen keyed on the profile.
 */
export function ActiveProfileSwitcher() {
  const { profile } = useActiveProfile();
  const navigate = useNavigate();
  const [profiles, setProfiles] = useState<Profile[] | undefined>(undefined);
  const switchTo = useSwitchProfile();
  // A failed switch is notified: the dropdown that started it has closed.
  const switching = useSubmit(switchTo, { notifyTitle: '' });

  async function loadList(open: boolean) {
    if (!open) return;
    try {
      setProfiles(await profilesApi.list());
    } catch (err) {
      setProfiles([]);
      notify.error(err);
    }
  }

  function choose(p: Profile) {
    if (p.id !== profile?.id) void switching.run(p);
  }

  const items: MenuProps['items'] = [
    ...(profiles === undefined
      ? [{ key: 'loading', label: <Spin size="small" />, disabled: true }]
      : profiles.map((p) => ({
          key: String(p.id),
          label: (
            <Flex align="center" gap={8}>
              <ColorSwatch color={p.color} />
              <span>{p.name}</span>
              <KindTag kind={p.kind} />
              {p.readOnly && <LockOutlined aria-label="read-only" />}
              {p.id === profile?.id && <CheckOutlined aria-label="active" />}
            </Flex>
          ),
          onClick: () => choose(p),
        }))),
    { type: 'divider' as const },
    {
      key: 'manage',
      icon: <SettingOutlined aria-hidden />,
      label: 'Manage profiles…',
      onClick: () => void navigate(toProfiles()),
    },
  ];

  if (profile === undefined) return <Spin size="small" />;
  return (
    <Dropdown menu={{ items }} trigger={['click']} onOpenChange={(open) => void loadList(open)}>
      <Button
        type="text"
        loading={switching.busy}
        aria-label={profile ? `Active profile: ${profile.name}. Switch profile` : 'No profile. Choose a profile'}
        data-testid="active-profile"
        style={{ maxWidth: 420, paddingInline: 8 }}
      >
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          {profile ? (
            <>
              <ColorSwatch color={profile.color} size={12} />
              <Typography.Text strong ellipsis style={{ color: profile.color, maxWidth: 240 }}>
                {profile.name}
              </Typography.Text>
              <KindTag kind={profile.kind} />
              {profile.readOnly && <LockOutlined aria-label="read-only" />}
            </>
          ) : (
            <Typography.Text type="secondary">No profile</Typography.Text>
          )}
          <DownOutlined aria-hidden style={{ fontSize: 10 }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}
