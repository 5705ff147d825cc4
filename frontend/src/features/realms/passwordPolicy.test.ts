import { describe, expect, it } from 'vitest';
import { newRow, parsePolicy, serialisePolicy } from './passwordPolicy';

describe('password policy string', () => {
  it('parses terms into rows and serialises them back unchanged', () => {
    const policy = 'length(8) and digits(1) and notUsername(undefined) and hashAlgorithm(pbkdf2-sha512)';
    const rows = parsePolicy(policy);
    expect(rows).toEqual([
      { id: 'length', value: '8' },
      { id: 'digits', value: '1' },
      { id: 'notUsername', value: 'undefined' },
      { id: 'hashAlgorithm', value: 'pbkdf2-sha512' },
    ]);
    expect(serialisePolicy(rows)).toBe(policy);
  });

  it('keeps policies it does not know, bare terms and values holding parentheses', () => {
    const policy = 'length(12) and customCorpPolicy(a,b) and notEmail and regexPattern(^(?=.*[A-Z]).+$)';
    const rows = parsePolicy(policy);
    expect(rows[1]).toEqual({ id: 'customCorpPolicy', value: 'a,b' });
    expect(rows[2]).toEqual({ id: 'notEmail' });
    expect(rows[3]).toEqual({ id: 'regexPattern', value: '^(?=.*[A-Z]).+$' });
    expect(serialisePolicy(rows)).toBe(policy);
  });

  it('edits: change a value, remove a row, add one with its default', () => {
    const rows = parsePolicy('length(8) and digits(1) and specialChars(1)');
    rows[0] = { ...rows[0], value: '14' };
    rows.splice(1, 1);
    rows.push(newRow('passwordHistory'));
    expect(serialisePolicy(rows)).toBe('length(14) and specialChars(1) and passwordHistory(3)');
  });

  it('has no rows for an empty policy, and an empty string for no rows', () => {
    expect(parsePolicy('')).toEqual([]);
    expect(parsePolicy('   ')).toEqual([]);
    expect(serialisePolicy([])).toBe('');
    expect(serialisePolicy([{ id: ' ', value: '1' }])).toBe('');
  });
});
