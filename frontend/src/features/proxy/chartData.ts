import { decisions, type Decision, type Stats } from './api';

/** One second of the chart: its offset from the newest second (0, -1, … -59) and its figures. */
export type ChartPoint = { offset: number; time: string; p50: number | null; p99: number | null } & Record<
  Decision,
  number
>;

/** Ticks of the time axis, in seconds before the newest point. */
export const timeTicks = [-60, -45, -30, -15, 0];

/** HH:MM:SS in the local time zone. */
export function clock(t: string | Date): string {
  return new Date(t).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The chart's points, each placed by its distance in seconds from the newest one. */
export function chartPoints(stats: Stats | undefined): ChartPoint[] {
  const points = stats?.points ?? [];
  if (points.length === 0) return [];
  const newest = new Date(points[points.length - 1].time).getTime();
  return points.map((p) => ({
    offset: Math.round((new Date(p.time).getTime() - newest) / 1000),
    time: clock(p.time),
    ...(Object.fromEntries(decisions.map((d) => [d.value, p.counts?.[d.value] ?? 0])) as Record<Decision, number>),
    p50: p.p50Ms || null,
    p99: p.p99Ms || null,
  }));
}

/**
 * Label of a time-axis tick: "−60 s" … "now" while the proxy runs; once it
 * stopped, the newest point is the stop, so it is labelled with its clock time.
 */
export function tickLabel(offset: number, running: boolean, newest: string | undefined): string {
  if (offset !== 0) return `−${Math.abs(offset)} s`;
  return running || !newest ? 'now' : newest;
}

/** A latency for an axis label: short enough never to wrap ("0.25 ms", "12 ms", "1.2 s"). */
export function latencyLabel(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${+ms.toFixed(2)} ms`;
}

/**
 * The outcomes that occurred in the minute shown: only these get an area. A stacked area of zeros
 * still draws its edge along the top of the stack, in its colour, as if there had been such requests.
 */
export function outcomesSeen<D extends { value: Decision }>(all: readonly D[], points: ChartPoint[]): D[] {
  return all.filter((d) => points.some((p) => (p[d.value] ?? 0) > 0));
}
