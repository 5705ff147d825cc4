import type { RouteFormValues } from './formState';

/**
 * The auth modes under which each of a route's optional fields cannot apply (Go's validator refuses it there). Roles
 * and browser sign-in apply to required routes only, so an auth mode Go does not know (a file's typo) rules them out
 * too; the others are ruled out by one known mode.
 */
const cannotApply = {
  roles: (auth: string) => auth !== 'required',
  login: (auth: string) => auth !== 'required',
  passToken: (auth: string) => auth === 'public',
  ratePerIdentity: (auth: string) => auth === 'public',
  rateAnonymous: (auth: string) => auth === 'required',
} satisfies Partial<Record<keyof RouteFormValues, (auth: string) => boolean>>;

/**
 * Whether the form sets an optional field aside (hides or turns it off) under the auth mode: it cannot apply there
 * and holds nothing to clear. One that holds a value stays, so the user can clear it where Go says why it is wrong.
 */
export function setAside(field: keyof typeof cannotApply, auth: string | undefined, value: unknown): boolean {
  const holds = Array.isArray(value) ? value.length > 0 : !!value;
  return cannotApply[field](auth ?? '') && !holds;
}
