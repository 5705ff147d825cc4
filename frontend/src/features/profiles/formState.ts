// Conversion between a stored profile, the form's values and what Go accepts,
// and placing Go's validation problems under the fields they name.
import { toAppError, type InputProblem } from '@/lib/errors';
import type { Kind, Profile, ProfileInput } from './api';

/** The form edits exactly what Go accepts; only trimming happens on the way out (toInput). */
export type FormValues = ProfileInput;

export const defaultColors: Record<Kind, string> = {
  local: '#52c41a',
  dev: '#1677ff',
  staging: '#fa8c16',
  prod: '#f5222d',
};

export function toFormValues(p?: Profile): FormValues {
  if (!p) {
    return {
      name: '',
      kind: 'dev',
      color: defaultColors.dev,
      keycloakUrl: '',
      adminRealm: 'master',
      authMethod: 'password',
      username: '',
      clientId: '',
      defaultRealm: '',
      readOnly: false,
      notes: '',
      secret: '',
    };
  }
  return {
    name: p.name,
    kind: p.kind,
    color: p.color,
    keycloakUrl: p.keycloakUrl,
    adminRealm: p.adminRealm,
    authMethod: p.authMethod,
    username: p.username,
    clientId: p.clientId,
    defaultRealm: p.defaultRealm,
    readOnly: p.readOnly,
    notes: p.notes,
    secret: '',
  };
}

export function toInput(v: Partial<FormValues>): ProfileInput {
  const base = toFormValues();
  const s = (x: string | undefined, fallback: string) => (x ?? fallback).trim();
  return {
    name: s(v.name, base.name),
    kind: v.kind ?? base.kind,
    color: s(v.color, base.color),
    keycloakUrl: s(v.keycloakUrl, base.keycloakUrl),
    adminRealm: s(v.adminRealm, base.adminRealm),
    authMethod: v.authMethod ?? base.authMethod,
    username: s(v.username, ''),
    clientId: s(v.clientId, ''),
    defaultRealm: s(v.defaultRealm, ''),
    readOnly: v.readOnly ?? false,
    notes: v.notes ?? '',
    // A secret is taken exactly as typed: spaces may be part of it.
    secret: v.secret ?? '',
  };
}

const fieldNames = new Set(Object.keys(toFormValues()));

/** Whether Go's name for a field (a ProfileInput JSON name) is a field of the form. */
export function isFormField(name: string): name is keyof FormValues {
  return fieldNames.has(name);
}

/** Every field of the form. */
export const formFields = Object.keys(toFormValues()).filter(isFormField);

export interface FieldProblems {
  /** Messages per form field, ready for form.setFields. */
  fields: { name: keyof FormValues; errors: string[] }[];
  /** Problems that belong to no field of the form. */
  other: InputProblem[];
}

/** Puts an invalid_input error's problems under the form fields they name; Go wrote each message for that place. */
export function fieldProblems(err: unknown): FieldProblems {
  const byField = new Map<keyof FormValues, string[]>();
  const other: InputProblem[] = [];
  for (const p of toAppError(err).problems) {
    if (isFormField(p.field)) byField.set(p.field, [...(byField.get(p.field) ?? []), p.message]);
    else other.push(p);
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), other };
}
