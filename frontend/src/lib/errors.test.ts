import { readRepoFile } from '@/test/repo';
import { describe as suite, expect, it } from 'vitest';
import { AppError, describe, errorTitle, ErrorCode, toAppError } from './errors';

suite('describe', () => {
  it('shows the Go message as a sentence', () => {
    expect(describe(new AppError(ErrorCode.NotFound, 'User "bob" not found'))).toBe('User "bob" not found.');
    expect(describe(new AppError(ErrorCode.NotFound, 'Gone already!'))).toBe('Gone already!');
  });

  it('capitalises a message that came from a JS error', () => {
    expect(describe(new TypeError("cannot read properties of undefined (reading 'go')"))).toBe(
      "Cannot read properties of undefined (reading 'go').",
    );
  });

  it('falls back to a sentence for the code when the message is empty', () => {
    expect(describe(new AppError(ErrorCode.ReadOnly, ''))).toBe('This profile is read-only: changes are refused.');
    expect(describe(new AppError(ErrorCode.Unreachable, '  '))).toBe('The server could not be reached.');
  });

  it('describes raw rejections the same way call() would', () => {
    expect(describe('{"code":"conflict","message":"Realm was changed"}')).toBe('Realm was changed.');
    expect(describe('boom')).toBe('Boom.');
    expect(describe(undefined)).toBe('Unknown error.');
  });

  it('gives each code a title', () => {
    expect(errorTitle('{"code":"unreachable","message":"dial tcp"}')).toBe('Server unreachable');
    expect(errorTitle(new Error('x'))).toBe('Something went wrong');
  });
});

suite('toAppError', () => {
  it('returns an AppError unchanged', () => {
    const e = new AppError(ErrorCode.Timeout, 'slow');
    expect(toAppError(e)).toBe(e);
  });

  it('keeps the JSON of an object that follows no contract as its message, never "[object Object]"', () => {
    expect(toAppError({ message: 'half a contract' })).toMatchObject({
      code: ErrorCode.Internal,
      message: '{"message":"half a contract"}',
    });
    expect(toAppError({ code: 'conflict', message: 'Realm was changed' })).toMatchObject({
      code: ErrorCode.Conflict,
      message: 'Realm was changed',
    });
  });

  it('keeps the text of other values, and never the source of a function', () => {
    expect([42, false, null, undefined].map((v) => toAppError(v).message)).toEqual([
      '42',
      'false',
      'null',
      'Unknown error.',
    ]);
    expect(toAppError(() => 'secret').message).toBe('Unknown error.');
  });

  it('ignores non-string entries in details', () => {
    expect(toAppError('{"code":"invalid_input","message":"m","details":["a",3,null,"b"]}').details).toEqual(['a', 'b']);
  });

  it('keeps the problems of invalid input by type, dropping malformed ones', () => {
    const problem = { field: 'path', code: 'path_not_absolute', message: 'The path must start with /.', route: 'feed' };
    const e = toAppError(
      JSON.stringify({ code: 'invalid_input', message: 'm', problems: [problem, { field: 'x' }, 'path: bad', null] }),
    );
    expect(e.problems).toEqual([problem]);
    expect(toAppError('{"code":"not_found","message":"m"}').problems).toEqual([]);
  });

  it('mirrors every code of app/errors.go', () => {
    const goSource = readRepoFile('app/errors.go');
    const goCodes = [...goSource.matchAll(/^\s*Code\w+\s+Code\s*=\s*"([a-z_]+)"/gm)].map((m) => m[1]);
    expect(goCodes.length).toBeGreaterThan(0);
    expect(Object.values(ErrorCode).sort()).toEqual(goCodes.sort());
  });
});
