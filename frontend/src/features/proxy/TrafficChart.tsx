import { Empty, Flex, Statistic, Typography } from 'antd';
import type { ReactElement } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { decisions, type Stats } from './api';
import { chartPoints, latencyLabel, outcomesSeen, tickLabel, timeTicks, type ChartPoint } from './chartData';

export interface TrafficChartProps {
  stats: Stats | undefined;
  /** A stopped proxy's figures are shown as stopped: no current rate, the chart greyed. */
  running: boolean;
}

const axisFont = { fontSize: 11 };
/** Both charts share the time axis: same y-axis width and margins, so their seconds line up. */
const yAxisWidth = 64;
const margin = { top: 4, right: 32, bottom: 0, left: 0 };
const grid = <CartesianGrid strokeDasharray="3 3" vertical={false} />;
const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;

/** The two latency figures: each a statistic over the last seconds and a line of the latency chart. */
const latencies = [
  { key: 'p50', stat: 'p50Ms', stroke: '#1677ff', dash: undefined },
  { key: 'p99', stat: 'p99Ms', stroke: '#000000', dash: '4 2' },
] as const;

/** One chart under its caption, as wide as the card. */
function ChartPanel({ caption, height, children }: { caption: string; height: number; children: ReactElement }) {
  return (
    <>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {caption}
      </Typography.Text>
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
    </>
  );
}

/**
 * The last minute of traffic as two small charts sharing the time axis:
 * requests per second by outcome (stacked areas), then p50/p99 latency (lines).
 */
export function TrafficChart({ stats, running }: TrafficChartProps) {
  const points = chartPoints(stats);
  const newest = points.length ? points[points.length - 1].time : undefined;
  const stopped = !running && points.length > 0;
  const figure = (value: number | undefined) => (running ? (value ?? 0) : '—');

  const xAxis = (
    <XAxis
      dataKey="offset"
      type="number"
      domain={[timeTicks[0], 0]}
      ticks={timeTicks}
      tickFormatter={(v: number) => tickLabel(v, running, newest)}
      tick={axisFont}
    />
  );
  const tooltipLabel = (_: unknown, payload: readonly { payload?: ChartPoint }[]) => payload?.[0]?.payload?.time ?? '';

  return (
    <div aria-label="Traffic chart">
      <Flex gap={32} align="center" wrap="wrap" style={{ marginBottom: 8 }}>
        <Statistic title="Requests/s (10 s)" value={figure(stats?.requestsPerSecond)} precision={1} />
        {latencies.map((l) => (
          <Statistic
            key={l.key}
            title={`${l.key} latency`}
            value={figure(stats?.[l.stat])}
            precision={2}
            suffix={running ? 'ms' : undefined}
          />
        ))}
        {stopped && (
          <Typography.Text type="secondary" aria-label="Traffic state">
            Stopped at {newest}: the chart shows the minute before the stop.
          </Typography.Text>
        )}
      </Flex>
      {points.length === 0 ? (
        <Empty
          description={running ? 'No traffic yet' : 'Start the proxy to see its traffic.'}
          image={Empty.PRESENTED_IMAGE_SIMPLE}
        />
      ) : (
        <div style={stopped ? { opacity: 0.45, filter: 'grayscale(1)' } : undefined}>
          <ChartPanel caption="Requests per second, by outcome" height={150}>
            <AreaChart data={points} margin={margin}>
              {grid}
              {xAxis}
              <YAxis allowDecimals={false} tick={axisFont} width={yAxisWidth} />
              <Tooltip labelFormatter={tooltipLabel} />
              {legend}
              {outcomesSeen(decisions, points).map((d) => (
                <Area
                  key={d.value}
                  type="monotone"
                  dataKey={d.value}
                  stackId="requests"
                  stroke={d.color}
                  fill={d.color}
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ChartPanel>
          <ChartPanel caption="Latency" height={120}>
            <LineChart data={points} margin={margin}>
              {grid}
              {xAxis}
              <YAxis tick={axisFont} width={yAxisWidth} tickFormatter={latencyLabel} />
              <Tooltip labelFormatter={tooltipLabel} formatter={(v) => latencyLabel(Number(v))} />
              {legend}
              {latencies.map((l) => (
                <Line
                  key={l.key}
                  type="monotone"
                  dataKey={l.key}
                  name={l.key}
                  stroke={l.stroke}
                  strokeDasharray={l.dash}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </ChartPanel>
        </div>
      )}
    </div>
  );
}
