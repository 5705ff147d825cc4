import { describe, expect, it } from 'vitest';
import type { EquivalenceReport, EquivalenceRow, IdentityReport, Mapping } from './api';
import {
  equivalenceTotals,
  formToMapping,
  headersText,
  identityTotals,
  mappingToForm,
  rowOutcome,
  userIdentity,
} from './model';

const defaults: Mapping = {
  username: ['traits.username', 'traits.email'],
  email: ['traits.email'],
  firstName: ['traits.name.first'],
  lastName: ['traits.name.last'],
  attributes: {},
};

describe('the trait mapping form', () => {
  it('shows the default mapping and gives it back unchanged', () => {
    const form = mappingToForm(defaults);
    expect(form.username).toBe('traits.username, traits.email');
    expect(form.attributes).toBe('');
    const { mapping, problems } = formToMapping(form);
    expect(problems).toEqual([]);
    expect(mapping).toEqual(defaults);
  });

  it('reads attributes one a line and an emptied field as no source', () => {
    const form = {
      ...mappingToForm(defaults),
      lastName: ' ',
      attributes: 'plan: metadata_public.plan\n\nkratos_id:id',
    };
    const { mapping, problems } = formToMapping(form);
    expect(problems).toEqual([]);
    expect(mapping.lastName).toEqual([]);
    expect(mapping.attributes).toEqual({ plan: 'metadata_public.plan', kratos_id: 'id' });
  });

  it('names the lines it cannot read and a username without source', () => {
    const form = { ...mappingToForm(defaults), username: ',', attributes: 'plan\nplan: a.b\nplan: c' };
    expect(formToMapping(form).problems).toEqual([
      'Attributes, line 1: write "attribute: source", e.g. "plan: metadata_public.plan".',
      'Attributes, line 3: plan is mapped twice.',
      'Username needs at least one source.',
    ]);
  });
});

describe('the reports', () => {
  // Each report's totals line, as tandemctl prints it.
  it.each([
    [
      'an identity import',
      identityTotals({
        dryRun: true,
        created: 2,
        passwordsKept: 1,
        mustReset: 1,
        existing: 0,
        failed: 1,
        notRun: 0,
      } as IdentityReport),
      '2 would be created (dry run, nothing written) (1 keep their password, 1 must reset it), 0 already exist, 1 failed, 0 not run',
    ],
    [
      'the equivalence report',
      equivalenceTotals({
        rules: [{ skipped: '' }, { skipped: 'the route is disabled' }],
        differences: 1,
        surprises: 0,
        errors: 2,
      } as EquivalenceReport),
      '2 rules: 1 tested, 1 not tested; 1 difference from Oathkeeper; 2 rows could not be sent',
    ],
  ])('totals %s', (_, totals, want) => expect(totals).toBe(want));

  it('says what Tandem did on a row and what reached the upstream', () => {
    expect(rowOutcome({ status: 200, decision: 'anonymous' } as EquivalenceRow)).toBe('HTTP 200, anonymous');
    expect(rowOutcome({ skipped: 'choose a user' } as EquivalenceRow)).toBe('not run: choose a user');
    expect(headersText({ 'X-User-Name': 'alice', 'X-User-Id': 'id-1' })).toBe('X-User-Id: id-1; X-User-Name: alice');
    expect(headersText(undefined)).toBe('none');
  });

  it('runs the matrix as a realm user, or skips those rows without one', () => {
    expect(userIdentity('', 'x', 'web')).toEqual({ kind: 'anonymous' });
    expect(userIdentity(' alice ', 'alice', '')).toEqual({
      kind: 'password',
      username: 'alice',
      password: 'alice',
      clientId: 'web',
    });
  });
});
