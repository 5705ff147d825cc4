import { Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface PageHeaderProps {
  /** The page's heading (rendered as the page's h1). */
  title: ReactNode;
  /** One line under the title saying what the page is for or what is shown. */
  subtitle?: ReactNode;
  /** Buttons on the right, primary action last. */
  actions?: ReactNode;
  /** Content under the heading row, e.g. tags or a breadcrumb. */
  children?: ReactNode;
}

export function PageHeader({ title, subtitle, actions, children }: PageHeaderProps) {
  return (
    <header className="tandem-page-header">
      <Flex justify="space-between" align="flex-start" gap={16} wrap="wrap">
        {/* The title block shrinks (its subtitle wraps) before the actions leave the top right. */}
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 20, lineHeight: '28px' }}>
            {title}
          </Typography.Title>
          {subtitle && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 2 }}>
              {subtitle}
            </Typography.Text>
          )}
        </div>
        {actions && <Space wrap>{actions}</Space>}
      </Flex>
      {children && <div style={{ marginTop: 12 }}>{children}</div>}
    </header>
  );
}
