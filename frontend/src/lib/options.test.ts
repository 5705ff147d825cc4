import { describe as suite, expect, it } from 'vitest';
import { entriesOf, optionsOf } from './options';

suite('options', () => {
  it('lists the entries in the order they were written, hyphenated keys included', () => {
    expect(entriesOf({ allowed: 1, 'no-route': 2, forbidden: 3 })).toEqual([
      ['allowed', 1],
      ['no-route', 2],
      ['forbidden', 3],
    ]);
  });

  it('makes one option a label, valued by its key', () => {
    expect(optionsOf({ search: 'All name fields', email: 'Email' })).toEqual([
      { value: 'search', label: 'All name fields' },
      { value: 'email', label: 'Email' },
    ]);
  });
});
