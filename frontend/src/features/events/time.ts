import type { Dayjs } from 'dayjs';

/** A range picker's value as the milliseconds the event queries take (0: open end). */
export function rangeMillis(range: [Dayjs | null, Dayjs | null] | null): { from: number; to: number } {
  return { from: range?.[0]?.valueOf() ?? 0, to: range?.[1]?.valueOf() ?? 0 };
}

/** A timestamp as the operator reads it: local date and time to the second. */
export const when = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toLocaleString() : '');
