import { StopOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Progress, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface OperationProgressProps {
  /** Whole percent done (useOperation's percent). */
  percent: number;
  /** The accessible name of the bar ("Import progress"); the inline form names its status region with it. */
  label: string;
  /** What has happened so far, e.g. "40 of 120 rows: 38 created, 2 failed". */
  detail?: ReactNode;
  /** Shows a Cancel button next to the bar. */
  onCancel?: () => void;
  /**
   * card: a card of its own above the results (the default); plain: the bar alone, inside a dialog;
   * inline: one small row with the detail, the bar and Cancel, in place of a toolbar.
   */
  layout?: 'card' | 'plain' | 'inline';
}

/** The progress of a running backend job (import, bulk action...), optionally with its Cancel button. */
export function OperationProgress({ percent, label, detail, onCancel, layout = 'card' }: OperationProgressProps) {
  const cancel = onCancel && (
    <Button
      danger
      size={layout === 'inline' ? 'small' : undefined}
      icon={<StopOutlined aria-hidden />}
      onClick={onCancel}
    >
      Cancel
    </Button>
  );
  if (layout === 'inline') {
    return (
      <Flex align="center" gap={12} role="status" aria-label={label}>
        <Typography.Text>{detail}</Typography.Text>
        <Progress percent={percent} size="small" style={{ width: 160, margin: 0 }} />
        {cancel}
      </Flex>
    );
  }
  const bar = <Progress percent={percent} aria-label={label} />;
  if (layout === 'plain') {
    return (
      <>
        {bar}
        {cancel}
      </>
    );
  }
  return (
    <Card style={{ marginBottom: 16 }}>
      {bar}
      {detail !== undefined && <Typography.Text type="secondary">{detail}</Typography.Text>}
      {cancel && <div style={{ marginTop: 8 }}>{cancel}</div>}
    </Card>
  );
}
