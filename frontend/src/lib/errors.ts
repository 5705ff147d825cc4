// Error codes and the typed error the UI works with. The codes mirror
// app/errors.go (Code constants): the strings are the contract, never rename one.
import type { app } from 'wails/go/models';

/** One problem of an input, by type: its field, the validator's rule (code) and the sentence for under the field. */
export type InputProblem = app.InputProblem;

export const ErrorCode = {
  InvalidInput: 'invalid_input',
  NotFound: 'not_found',
  AlreadyExists: 'already_exists',
  Conflict: 'conflict',
  ReadOnly: 'read_only',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Unreachable: 'unreachable',
  Timeout: 'timeout',
  Cancelled: 'cancelled',
  NoProfile: 'no_profile',
  Internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const knownCodes = new Set<string>(Object.values(ErrorCode));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && knownCodes.has(value);
}

/**
 * A failed Go call as the UI sees it: a stable code, a sentence, optional
 * details (one sentence per problem) and, for invalid input, each problem by
 * type so that a form can show it under its field.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: string[];
  readonly problems: InputProblem[];

  constructor(code: ErrorCode, message: string, details: string[] = [], problems: InputProblem[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.problems = problems;
  }

  is(code: ErrorCode): boolean {
    return this.code === code;
  }
}

/**
 * Converts anything a promise can reject with into an AppError.
 * Wails rejects a failed bound call with a plain string; our Go side makes that
 * string the JSON of app.UIError {code, message, details}. Anything else (a
 * non-JSON string, a JS Error from the runtime) becomes code "internal".
 */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (reason instanceof Error) return new AppError(ErrorCode.Internal, reason.message || reason.name);
  switch (typeof reason) {
    case 'string':
      return fromString(reason);
    case 'object':
      // An object outside the contract (or null) keeps its JSON as the message, as that JSON in a string does.
      return (
        (reason && fromObject(reason as Record<string, unknown>)) ?? new AppError(ErrorCode.Internal, jsonText(reason))
      );
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return new AppError(ErrorCode.Internal, String(reason));
    default:
      // undefined, or a function: its text would be its source code.
      return new AppError(ErrorCode.Internal, 'Unknown error.');
  }
}

function jsonText(value: object | null): string {
  try {
    return JSON.stringify(value);
  } catch {
    return 'Unknown error.'; // a cycle, or a value JSON cannot write
  }
}

function fromString(text: string): AppError {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = fromObject(JSON.parse(trimmed) as Record<string, unknown>);
      if (parsed) return parsed;
    } catch {
      // Not JSON after all: fall through and keep the text as the message.
    }
  }
  return new AppError(ErrorCode.Internal, trimmed || 'Unknown error.');
}

function fromObject(obj: Record<string, unknown>): AppError | undefined {
  if (typeof obj.code !== 'string' || typeof obj.message !== 'string') return undefined;
  // An unknown code means the Go side is newer than this UI: keep the message, treat as internal.
  const code = isErrorCode(obj.code) ? obj.code : ErrorCode.Internal;
  const details = Array.isArray(obj.details) ? obj.details.filter((d): d is string => typeof d === 'string') : [];
  const problems = Array.isArray(obj.problems) ? obj.problems.filter(isInputProblem) : [];
  return new AppError(code, obj.message, details, problems);
}

function isInputProblem(value: unknown): value is InputProblem {
  if (typeof value !== 'object' || value === null) return false;
  const p: Partial<Record<keyof InputProblem, unknown>> = value;
  return typeof p.field === 'string' && typeof p.code === 'string' && typeof p.message === 'string';
}

/** A short heading per code, for alerts and notifications. */
const titles: Record<ErrorCode, string> = {
  invalid_input: 'Invalid input',
  not_found: 'Not found',
  already_exists: 'Already exists',
  conflict: 'Conflict',
  read_only: 'Read-only profile',
  unauthorized: 'Not signed in',
  forbidden: 'Not allowed',
  unreachable: 'Server unreachable',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  no_profile: 'No active profile',
  internal: 'Something went wrong',
};

/** What to say when the Go side sent no message of its own. */
const fallbackSentences: Record<ErrorCode, string> = {
  invalid_input: 'Some values are not valid.',
  not_found: 'The item no longer exists.',
  already_exists: 'An item with this name already exists.',
  conflict: 'The item was changed elsewhere; reload and try again.',
  read_only: 'This profile is read-only: changes are refused.',
  unauthorized: 'The server refused the credentials of this profile.',
  forbidden: 'The credentials of this profile do not allow this.',
  unreachable: 'The server could not be reached.',
  timeout: 'The operation took too long and was stopped.',
  cancelled: 'The operation was cancelled.',
  no_profile: 'Choose or create a profile first.',
  internal: 'An unexpected error occurred.',
};

export function errorTitle(err: unknown): string {
  return titles[toAppError(err).code];
}

/** The sentence to show a person for any error: the Go message, else a sentence for its code. */
export function describe(err: unknown): string {
  const e = toAppError(err);
  const text = e.message.trim();
  if (!text) return fallbackSentences[e.code];
  const capitalised = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
