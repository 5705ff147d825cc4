import { Tag } from 'antd';
import { isKind, type Kind } from './api';

/** A round dot in the profile's colour. */
export function ColorSwatch({ color, size = 10 }: { color: string; size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        flex: 'none',
        width: size,
        height: size,
        borderRadius: '50%',
        background: color,
        boxShadow: '0 0 0 1px rgba(0,0,0,0.15)',
      }}
    />
  );
}

const kindColors: Record<Kind, string> = { local: 'green', dev: 'blue', staging: 'orange', prod: 'red' };

/** A profile's kind as a tag in the kind's colour; a kind this UI does not know is grey. */
export function KindTag({ kind }: { kind: string }) {
  return (
    <Tag color={isKind(kind) ? kindColors[kind] : 'default'} style={{ marginInlineEnd: 0 }}>
      {kind}
    </Tag>
  );
}
