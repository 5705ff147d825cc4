import { Button, Result } from 'antd';
import { Link, useLocation } from 'react-router';
import { features } from './features';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <Result
      status="404"
      title="Page not found"
      subTitle={`Nothing lives at ${location.pathname}.`}
      extra={
        <Link to={features[0].path}>
          <Button type="primary">Go to {features[0].label}</Button>
        </Link>
      }
    />
  );
}
