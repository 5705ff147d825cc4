// Pure helpers of the "From Ory" screen: the trait mapping as a form, and
// the sentences and colours of the reports.
import type { EquivalenceReport, EquivalenceRow, Identity, IdentityReport, IdentityResult, Mapping } from './api';

/** The trait mapping as the form edits it: sources comma-separated, attributes one "name: source" a line. */
export interface MappingForm {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  attributes: string;
}

export function mappingToForm(m: Mapping): MappingForm {
  const attrs = Object.keys(m.attributes ?? {})
    .sort()
    .map((name) => `${name}: ${m.attributes[name]}`)
    .join('\n');
  return {
    username: (m.username ?? []).join(', '),
    email: (m.email ?? []).join(', '),
    firstName: (m.firstName ?? []).join(', '),
    lastName: (m.lastName ?? []).join(', '),
    attributes: attrs,
  };
}

function sources(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The mapping the form describes, or the lines it cannot read. Which sources
 * are valid is Go's to say (kratos.ParseMapping): only the form's own syntax
 * is checked here.
 */
export function formToMapping(f: MappingForm): { mapping: Mapping; problems: string[] } {
  const problems: string[] = [];
  const attributes: Record<string, string> = {};
  f.attributes.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = line.indexOf(':');
    const name = at < 0 ? '' : line.slice(0, at).trim();
    const source = at < 0 ? '' : line.slice(at + 1).trim();
    if (!name || !source)
      problems.push(`Attributes, line ${i + 1}: write "attribute: source", e.g. "plan: metadata_public.plan".`);
    else if (name in attributes) problems.push(`Attributes, line ${i + 1}: ${name} is mapped twice.`);
    else attributes[name] = source;
  });
  const mapping: Mapping = {
    username: sources(f.username),
    email: sources(f.email),
    firstName: sources(f.firstName),
    lastName: sources(f.lastName),
    attributes,
  };
  if (!mapping.username.length) problems.push('Username needs at least one source.');
  return { mapping, problems };
}

export const ruleOutcomeColour: Record<string, string> = { imported: 'green', disabled: 'orange', skipped: 'red' };
export const identityStatusColour: Record<string, string> = {
  created: 'green',
  'would create': 'blue',
  exists: 'default',
  failed: 'red',
  'not run': 'orange',
};

/** One sentence of totals, as tandemctl prints it. */
export function identityTotals(r: IdentityReport): string {
  const verb = r.dryRun ? 'would be created (dry run, nothing written)' : 'created';
  return (
    `${r.created} ${verb} (${r.passwordsKept} keep their password, ${r.mustReset} must reset it), ` +
    `${r.existing} already exist, ${r.failed} failed, ${r.notRun} not run`
  );
}

/** What became of an identity's password, with the reason when it must be reset. */
export function passwordText(r: IdentityResult): string {
  if (!r.password) return '';
  return r.passwordReason ? `${r.password}: ${r.passwordReason}` : r.password;
}

/** What Tandem did on one matrix row, in a few words. */
export function rowOutcome(row: EquivalenceRow): string {
  if (row.skipped) return `not run: ${row.skipped}`;
  if (row.error) return `error: ${row.error}`;
  return `HTTP ${row.status}, ${row.decision || row.outcome}`;
}

/** The identity headers the upstream received, or "none". */
export function headersText(h: Record<string, string> | undefined): string {
  const names = Object.keys(h ?? {}).sort();
  return names.length ? names.map((n) => `${n}: ${h![n]}`).join('; ') : 'none';
}

/** One line for the top of the equivalence report. */
export function equivalenceTotals(r: EquivalenceReport): string {
  const ran = r.rules.filter((x) => !x.skipped).length;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const parts = [`${plural(r.rules.length, 'rule')}: ${ran} tested, ${r.rules.length - ran} not tested`];
  parts.push(`${plural(r.differences, 'difference')} from Oathkeeper`);
  if (r.surprises) parts.push(`${plural(r.surprises, 'surprise')} against Tandem's own contract`);
  if (r.errors) parts.push(`${plural(r.errors, 'row')} could not be sent`);
  return parts.join('; ');
}

/** A user to run the matrix as, or anonymous (its rows are skipped) when no username is given. */
export function userIdentity(username: string, password: string, clientId: string): Identity {
  if (!username.trim()) return { kind: 'anonymous' };
  return { kind: 'password', username: username.trim(), password, clientId: clientId.trim() || 'web' };
}
