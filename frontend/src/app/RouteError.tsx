import { Button, Result, Typography } from 'antd';
import { useNavigate, useRouteError } from 'react-router';
import { describe } from '@/lib/errors';

/** Shown in place of a page that threw while rendering; the menu and header stay usable. */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  return (
    <Result
      status="error"
      title="This page failed to render"
      subTitle={<Typography.Text type="secondary">{describe(error)}</Typography.Text>}
      extra={<Button onClick={() => navigate(0)}>Reload page</Button>}
    />
  );
}
