import { describe, expect, it, vi } from 'vitest';
import { oneOf, onOneOf } from './oneOf';

describe('oneOf', () => {
  it('keeps a value that is one of the choices and drops any other', () => {
    const tabs = ['login', 'admin'] as const;
    expect(oneOf(tabs, 'admin')).toBe('admin');
    expect(oneOf(tabs, 'settings')).toBeUndefined();
    expect(oneOf(tabs, 3)).toBeUndefined();
  });
});

describe('onOneOf', () => {
  it('passes on a value that is one of the choices and ignores any other', () => {
    const handle = vi.fn();
    const onChange = onOneOf(['login', 'admin'] as const, handle);
    onChange('settings');
    onChange('admin');
    expect(handle.mock.calls).toEqual([['admin']]);
  });
});
