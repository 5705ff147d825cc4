// Conversion between a stored profile, the form's values and what Go accepts,
// and mapping of Go validation details ("field: message") back onto fields.
import { toAppError } from '@/lib/errors';
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

const formFields = new Set<string>(Object.keys(toFormValues()));

export interface FieldProblems {
  /** Messages per form field, ready for form.setFields. */
  fields: { name: keyof FormValues; errors: string[] }[];
  /** Problems that belong to no field of the form. */
  other: string[];
}

/** Splits an invalid_input error's details ("field: message") onto form fields. */
export function fieldProblems(err: unknown): FieldProblems {
  const e = toAppError(err);
  const byField = new Map<keyof FormValues, string[]>();
  const other: string[] = [];
  for (const d of e.details) {
    const i = d.indexOf(': ');
    const field = i > 0 ? d.slice(0, i) : '';
    if (formFields.has(field)) {
      const key = field as keyof FormValues;
      const message = d.slice(i + 2);
      byField.set(key, [...(byField.get(key) ?? []), message[0].toUpperCase() + message.slice(1)]);
    } else {
      other.push(d);
    }
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), other };
}
