import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSubmit } from './useSubmit';

describe('useSubmit', () => {
  it('is busy while the action runs and keeps a failure as an AppError', async () => {
    let finish!: (v?: unknown) => void;
    let fail!: (e: unknown) => void;
    const { result } = renderHook(() =>
      useSubmit((n: number) => new Promise((resolve, reject) => ((finish = resolve), (fail = reject), n))),
    );
    let first!: Promise<boolean>;
    act(() => {
      first = result.current.run(1);
    });
    expect(result.current.busy).toBe(true);
    // A second run while busy is refused rather than sent twice.
    let second!: boolean;
    await act(async () => {
      second = await result.current.run(2);
    });
    expect(second).toBe(false);
    await act(async () => {
      finish();
      expect(await first).toBe(true);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeUndefined();

    let third!: Promise<boolean>;
    act(() => {
      third = result.current.run(3);
    });
    await act(async () => {
      fail('user "bob" exists');
      expect(await third).toBe(false);
    });
    expect(result.current.busy).toBe(false);
    expect(result.current.error?.message).toContain('bob');
  });
});
