import { Empty, Flex, Statistic } from 'antd';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { decisions, type Stats } from './api';

function clock(t: string | Date): string {
  const d = new Date(t);
  return d.toLocaleTimeString([], { hour12: false, minute: '2-digit', second: '2-digit' });
}

/** Requests per second by decision (stacked areas) and p50/p99 latency (lines) over the last minute. */
export function TrafficChart({ stats }: { stats: Stats | undefined }) {
  const points = (stats?.points ?? []).map((p) => ({
    time: clock(p.time),
    ...Object.fromEntries(decisions.map((d) => [d.value, p.counts?.[d.value] ?? 0])),
    p50: p.p50Ms || null,
    p99: p.p99Ms || null,
  }));
  return (
    <div aria-label="Traffic chart">
      <Flex gap={32} style={{ marginBottom: 8 }}>
        <Statistic title="Requests/s (10 s)" value={stats?.requestsPerSecond ?? 0} precision={1} />
        <Statistic title="p50 latency" value={stats?.p50Ms ?? 0} precision={2} suffix="ms" />
        <Statistic title="p99 latency" value={stats?.p99Ms ?? 0} precision={2} suffix="ms" />
      </Flex>
      {points.length === 0 ? (
        <Empty description="No traffic yet" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="time" minTickGap={40} tick={{ fontSize: 11 }} />
            <YAxis yAxisId="rps" allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
            <YAxis yAxisId="ms" orientation="right" tick={{ fontSize: 11 }} width={48} unit=" ms" />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {decisions.map((d) => (
              <Area
                key={d.value}
                yAxisId="rps"
                type="monotone"
                dataKey={d.value}
                stackId="requests"
                stroke={d.color}
                fill={d.color}
                fillOpacity={0.35}
                isAnimationActive={false}
              />
            ))}
            <Line
              yAxisId="ms"
              type="monotone"
              dataKey="p50"
              name="p50 ms"
              stroke="#1677ff"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              yAxisId="ms"
              type="monotone"
              dataKey="p99"
              name="p99 ms"
              stroke="#000000"
              strokeDasharray="4 2"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
