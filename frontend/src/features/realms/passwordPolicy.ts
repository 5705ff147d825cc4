// Keycloak's password policy string ("length(8) and digits(1) and notUsername(undefined)")
// as rows the editor shows, and back. Parsing follows Keycloak's own: terms split on " and ",
// each "id" or "id(value)" with the value running to the term's last character. Policies the
// editor does not know are kept as they are.

export interface PolicyRow {
  id: string;
  /** The value inside the parentheses; undefined for a bare "id". */
  value?: string;
}

export interface KnownPolicy {
  id: string;
  label: string;
  /** The value a new row gets; undefined when the policy takes none. */
  value?: string;
  /** "number" values are edited as numbers. */
  kind: 'number' | 'text' | 'none';
  help?: string;
}

/** The policies Keycloak 26 offers, in the order its console lists them. */
export const knownPolicies: KnownPolicy[] = [
  { id: 'length', label: 'Minimum length', value: '8', kind: 'number' },
  { id: 'maxLength', label: 'Maximum length', value: '64', kind: 'number' },
  { id: 'digits', label: 'Digits', value: '1', kind: 'number', help: 'At least this many digits.' },
  { id: 'lowerCase', label: 'Lowercase characters', value: '1', kind: 'number' },
  { id: 'upperCase', label: 'Uppercase characters', value: '1', kind: 'number' },
  { id: 'specialChars', label: 'Special characters', value: '1', kind: 'number' },
  { id: 'notUsername', label: 'Not username', value: 'undefined', kind: 'none' },
  { id: 'notEmail', label: 'Not email', value: 'undefined', kind: 'none' },
  { id: 'notContainsUsername', label: 'Does not contain the username', value: 'undefined', kind: 'none' },
  { id: 'passwordHistory', label: 'Not recently used', value: '3', kind: 'number', help: 'The last N passwords.' },
  {
    id: 'forceExpiredPasswordChange',
    label: 'Expire password',
    value: '365',
    kind: 'number',
    help: 'Days until a new password is required.',
  },
  { id: 'regexPattern', label: 'Regular expression', value: '', kind: 'text' },
  {
    id: 'passwordBlacklist',
    label: 'Password blacklist',
    value: '',
    kind: 'text',
    help: 'A file name in the server’s blacklist folder.',
  },
  {
    id: 'hashAlgorithm',
    label: 'Hashing algorithm',
    value: 'pbkdf2-sha512',
    kind: 'text',
    help: 'argon2, pbkdf2-sha512, pbkdf2-sha256 or pbkdf2.',
  },
  { id: 'hashIterations', label: 'Hashing iterations', value: '210000', kind: 'number' },
  { id: 'maxAuthAge', label: 'Maximum authentication age', value: '300', kind: 'number', help: 'Seconds.' },
];

export function knownPolicy(id: string): KnownPolicy | undefined {
  return knownPolicies.find((p) => p.id === id);
}

/** The rows of a policy string; "" has none. */
export function parsePolicy(policy: string): PolicyRow[] {
  const trimmed = policy.trim();
  if (!trimmed) return [];
  return trimmed
    .split(' and ')
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .map((term) => {
      const open = term.indexOf('(');
      if (open < 0) return { id: term };
      const close = term.endsWith(')') ? term.length - 1 : term.length;
      return { id: term.slice(0, open).trim(), value: term.slice(open + 1, close) };
    });
}

/** The policy string of rows, in their order. */
export function serialisePolicy(rows: PolicyRow[]): string {
  return rows
    .filter((r) => r.id.trim() !== '')
    .map((r) => (r.value === undefined ? r.id.trim() : `${r.id.trim()}(${r.value})`))
    .join(' and ');
}

/** A new row for a known policy, with its default value. */
export function newRow(id: string): PolicyRow {
  const known = knownPolicy(id);
  return { id, value: known?.value };
}
