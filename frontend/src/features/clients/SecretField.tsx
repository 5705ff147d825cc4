import { CopyOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Input, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { notify } from '@/lib/notify';

export interface SecretFieldProps {
  secret: string;
  initiallyVisible?: boolean;
}

/** A secret, masked until shown, with a copy button. */
export function SecretField({ secret, initiallyVisible = false }: SecretFieldProps) {
  const [visible, setVisible] = useState(initiallyVisible);
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
      <Input
        aria-label="Client secret"
        readOnly
        value={visible ? secret : '•'.repeat(Math.min(secret.length, 32))}
        style={{ fontFamily: 'monospace' }}
      />
      <Tooltip title={visible ? 'Hide' : 'Show'}>
        <Button
          aria-label={visible ? 'Hide secret' : 'Show secret'}
          icon={visible ? <EyeInvisibleOutlined aria-hidden /> : <EyeOutlined aria-hidden />}
          onClick={() => setVisible((v) => !v)}
        />
      </Tooltip>
      <Tooltip title="Copy">
        <Button
          aria-label="Copy secret"
          icon={<CopyOutlined aria-hidden />}
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => notify.success('Secret copied'),
              (err) => notify.error(err),
            )
          }
        />
      </Tooltip>
    </Space.Compact>
  );
}
