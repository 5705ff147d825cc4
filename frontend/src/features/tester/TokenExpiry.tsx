import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatCountdown, secondsUntil } from './model';

/** A live countdown to a token's exp ("4 min 05 s left"), red once expired. */
export function TokenExpiry({ expiresAt }: { expiresAt: string | undefined | null }) {
  const [now, setNow] = useState(() => Date.now());
  const left = secondsUntil(expiresAt, now);
  useEffect(() => {
    if (left === undefined) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [left === undefined]); // eslint-disable-line react-hooks/exhaustive-deps
  if (left === undefined) return <Typography.Text type="secondary">no expiry</Typography.Text>;
  return (
    <Typography.Text type={left > 0 ? undefined : 'danger'} aria-label="Token expiry">
      {formatCountdown(left)}
    </Typography.Text>
  );
}
