import { Empty, Flex, Statistic, Typography } from 'antd';
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
        <Statistic title="p50 latency" value={figure(stats?.p50Ms)} precision={2} suffix={running ? 'ms' : undefined} />
        <Statistic title="p99 latency" value={figure(stats?.p99Ms)} precision={2} suffix={running ? 'ms' : undefined} />
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
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Requests per second, by outcome
          </Typography.Text>
          <ResponsiveContainer width="100%" height={150}>
            <AreaChart data={points} margin={margin}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              {xAxis}
              <YAxis allowDecimals={false} tick={axisFont} width={yAxisWidth} />
              <Tooltip labelFormatter={tooltipLabel} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
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
          </ResponsiveContainer>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Latency
          </Typography.Text>
          <ResponsiveContainer width="100%" height={120}>
            <LineChart data={points} margin={margin}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              {xAxis}
              <YAxis tick={axisFont} width={yAxisWidth} tickFormatter={latencyLabel} />
              <Tooltip labelFormatter={tooltipLabel} formatter={(v) => latencyLabel(Number(v))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line
                type="monotone"
                dataKey="p50"
                name="p50"
                stroke="#1677ff"
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
              <Line
                type="monotone"
                dataKey="p99"
                name="p99"
                stroke="#000000"
                strokeDasharray="4 2"
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}
