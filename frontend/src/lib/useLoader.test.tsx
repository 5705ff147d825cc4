import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from './errors';
import { useLoader } from './useLoader';
import { deferred } from '@/test/deferred';

describe('useLoader', () => {
  it('loads, exposes the data and clears loading', async () => {
    const { result } = renderHook(() => useLoader(async () => 'realm list', []));
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.data).toBe('realm list');
    expect(result.current.error).toBeUndefined();
  });

  it('never lets a slow response for old inputs overwrite the response for new ones', async () => {
    const requests = new Map<string, ReturnType<typeof deferred<string>>>();
    const load = vi.fn((realm: string) => {
      const d = deferred<string>();
      requests.set(realm, d);
      return d.promise;
    });
    const { result, rerender } = renderHook(({ realm }) => useLoader(() => load(realm), [realm]), {
      initialProps: { realm: 'master' },
    });
    rerender({ realm: 'demo' });
    expect(load).toHaveBeenCalledTimes(2);

    await act(async () => requests.get('demo')!.resolve('users of demo'));
    await act(async () => requests.get('master')!.resolve('users of master'));

    expect(result.current.data).toBe('users of demo');
    expect(result.current.loading).toBe(false);
  });

  it('aborts the signal of a superseded load', async () => {
    const signals: AbortSignal[] = [];
    const { rerender } = renderHook(
      ({ q }) => useLoader((signal) => (signals.push(signal), new Promise(() => {})), [q]),
      {
        initialProps: { q: 'a' },
      },
    );
    rerender({ q: 'b' });
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('turns a rejection into an AppError and keeps the previous data', async () => {
    let fail = false;
    const { result } = renderHook(() =>
      useLoader(async () => {
        if (fail) throw '{"code":"unreachable","message":"Keycloak is down"}';
        return 'first';
      }, []),
    );
    await waitFor(() => expect(result.current.data).toBe('first'));

    fail = true;
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.error).toBeInstanceOf(AppError));
    expect(result.current.error).toMatchObject({ code: 'unreachable', message: 'Keycloak is down' });
    expect(result.current.data).toBe('first');
    expect(result.current.loading).toBe(false);
  });

  it('turns a loader that throws before returning a promise into an error too', async () => {
    const { result } = renderHook(() =>
      useLoader((): Promise<string> => {
        throw '{"code":"no_profile","message":"No active profile"}';
      }, []),
    );
    await waitFor(() => expect(result.current.error).toBeInstanceOf(AppError));
    expect(result.current.error).toMatchObject({ code: 'no_profile', message: 'No active profile' });
    expect(result.current.loading).toBe(false);
  });

  it('reload() runs the loader again and a reload started later wins', async () => {
    const pending: ReturnType<typeof deferred<number>>[] = [];
    const { result } = renderHook(() =>
      useLoader(() => {
        const d = deferred<number>();
        pending.push(d);
        return d.promise;
      }, []),
    );
    act(() => result.current.reload());
    expect(pending).toHaveLength(2);

    await act(async () => pending[1].resolve(2));
    await act(async () => pending[0].resolve(1));
    expect(result.current.data).toBe(2);
  });

  it('does not load while disabled', async () => {
    const load = vi.fn(async () => 1);
    const { result, rerender } = renderHook(({ enabled }) => useLoader(load, [], { enabled }), {
      initialProps: { enabled: false },
    });
    expect(load).not.toHaveBeenCalled();
    expect(result.current.loading).toBe(false);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.data).toBe(1));
  });
});
