import { Flex, Tag, Typography } from 'antd';

export interface VerdictProps {
  /** The tag's text and colour: "failed" in red, "as promised" in green. */
  label: string;
  color: string;
  /** The lines explaining it, under the tag: a case's failures, a matrix row's surprises or notes. */
  lines?: readonly string[];
  /** How the lines read: as problems, or as remarks. */
  lineType: 'danger' | 'secondary';
  gap?: number;
}

/** A verdict of the tester, its tag with the lines explaining it under it. */
export function Verdict({ label, color, lines = [], lineType, gap = 4 }: VerdictProps) {
  return (
    <Flex vertical gap={gap}>
      <Tag color={color} style={{ alignSelf: 'flex-start' }}>
        {label}
      </Tag>
      {lines.map((line, i) => (
        <Typography.Text key={i} type={lineType} style={{ fontSize: 12 }}>
          {line}
        </Typography.Text>
      ))}
    </Flex>
  );
}
