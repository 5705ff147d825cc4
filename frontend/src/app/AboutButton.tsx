import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Descriptions, Modal, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { About } from 'wails/go/app/SystemService';
import { ErrorAlert } from '@/components/ErrorAlert';
import { call } from '@/lib/call';
import { useLoader } from '@/lib/useLoader';

/** Header button opening the build facts from SystemService.About(). */
export function AboutButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="text" icon={<InfoCircleOutlined aria-hidden />} onClick={() => setOpen(true)}>
        About
      </Button>
      <Modal open={open} title="About Tandem" footer={null} onCancel={() => setOpen(false)} destroyOnHidden width={520}>
        <AboutFacts />
      </Modal>
    </>
  );
}

function AboutFacts() {
  const { data, error, loading, reload } = useLoader(() => call(() => About()), []);
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !data) return <Skeleton active paragraph={{ rows: 4 }} title={false} />;
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      styles={{ label: { width: 140 } }}
      items={[
        { key: 'name', label: 'Name', children: data.name },
        { key: 'version', label: 'Version', children: data.version },
        { key: 'go', label: 'Go version', children: data.goVersion },
        { key: 'platform', label: 'Platform', children: data.platform },
        {
          key: 'data',
          label: 'Data directory',
          children: (
            <Typography.Text copyable style={{ fontFamily: 'ui-monospace, monospace', wordBreak: 'break-all' }}>
              {data.dataDir}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}
