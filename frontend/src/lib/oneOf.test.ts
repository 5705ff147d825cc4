import { describe, expect, it } from 'vitest';
import { oneOf } from './oneOf';

describe('oneOf', () => {
  it('keeps a value that is one of the choices and drops any other', () => {
    const tabs = ['login', 'admin'] as const;
    expect(oneOf(tabs, 'admin')).toBe('admin');
    expect(oneOf(tabs, 'settings')).toBeUndefined();
    expect(oneOf(tabs, 3)).toBeUndefined();
  });
});
