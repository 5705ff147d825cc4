import { describe, expect, it, vi } from 'vitest';
import type { Stats } from './api';
import { chartPoints, latencyLabel, outcomesSeen, tickLabel } from './chartData';

vi.mock('wails/go/app/ProxyService', () => ({}));

function stats(counts: number[]): Stats {
  const start = Date.parse('2026-01-01T10:00:00Z');
  return {
    points: counts.map((n, i) => ({
      time: new Date(start + i * 1000).toISOString(),
      counts: { allowed: n },
      p50Ms: n ? 2 : 0,
      p99Ms: n ? 9 : 0,
    })),
    requestsPerSecond: 0,
    p50Ms: 0,
    p99Ms: 0,
  } as unknown as Stats;
}

describe('traffic chart data', () => {
  it('places each second by its distance from the newest one', () => {
    const points = chartPoints(stats([0, 3, 0]));
    expect(points.map((p) => p.offset)).toEqual([-2, -1, 0]);
    expect(points[1].allowed).toBe(3);
    expect(points[1].forbidden).toBe(0);
    expect(points[0].p50).toBeNull();
    expect(points[1].p99).toBe(9);
  });

  it('labels the time axis relative to now while running, with the stop time once stopped', () => {
    expect(tickLabel(-60, true, '10:00:59')).toBe('−60 s');
    expect(tickLabel(-15, false, '10:00:59')).toBe('−15 s');
    expect(tickLabel(0, true, '10:00:59')).toBe('now');
    expect(tickLabel(0, false, '10:00:59')).toBe('10:00:59');
  });

  it('has no points before the proxy ever ran', () => {
    expect(chartPoints(undefined)).toEqual([]);
  });

  it('keeps latency labels short', () => {
    expect(latencyLabel(0.25)).toBe('0.25 ms');
    expect(latencyLabel(12.6)).toBe('13 ms');
    expect(latencyLabel(1500)).toBe('1.5 s');
  });
});

describe('outcomesSeen', () => {
  it('keeps only the outcomes that occurred, so no empty area draws its edge on top', () => {
    const points = chartPoints(stats([0, 3, 0]));
    const all = [{ value: 'allowed' as const }, { value: 'unauthorized' as const }, { value: 'bad-request' as const }];
    expect(outcomesSeen(all, points)).toEqual([{ value: 'allowed' }]);
    expect(outcomesSeen(all, chartPoints(stats([0, 0])))).toEqual([]);
  });
});
