import { Button, Result } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useFeatures } from './featuresContext';

export function NotFoundPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const [home] = useFeatures();
  return (
    <Result
      status="404"
      title="Page not found"
      subTitle={`Nothing lives at ${location.pathname}.`}
      extra={
        <Button type="primary" onClick={() => navigate(home.path)}>
          Go to {home.label}
        </Button>
      }
    />
  );
}
