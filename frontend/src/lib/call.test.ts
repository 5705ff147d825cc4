import { describe as suite, expect, it } from 'vitest';
import { AppError, call } from './call';
import { ErrorCode } from './errors';

suite('call', () => {
  it('resolves with the value of a successful call', async () => {
    await expect(call(Promise.resolve(42))).resolves.toBe(42);
  });

  it('turns the JSON string Wails rejects with into an AppError with code, message and details', async () => {
    const rejection = JSON.stringify({
      code: 'invalid_input',
      message: 'Route file has 2 problems',
      details: ['routes[0].path: must start with /', 'routes[1].upstream: not a URL'],
    });
    const err = await call(Promise.reject(rejection)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: ErrorCode.InvalidInput,
      message: 'Route file has 2 problems',
      details: ['routes[0].path: must start with /', 'routes[1].upstream: not a URL'],
    });
  });

  it('gives details an empty list when Go omitted them', async () => {
    const err = await call(Promise.reject('{"code":"not_found","message":"User bob not found"}')).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'not_found', message: 'User bob not found', details: [] });
  });

  it('treats a non-JSON rejection string as internal and keeps its text', async () => {
    const err = await call(Promise.reject('runtime error: index out of range')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.Internal, message: 'runtime error: index out of range' });
  });

  it('treats JSON without a code as internal instead of trusting it', async () => {
    const err = await call(Promise.reject('{"message":"half a contract"}')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.Internal, message: '{"message":"half a contract"}' });
  });

  it('maps a code this UI does not know to internal but keeps the message', async () => {
    const err = await call(Promise.reject('{"code":"brand_new","message":"From a newer backend"}')).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: ErrorCode.Internal, message: 'From a newer backend' });
  });

  it('wraps a JS Error (e.g. the runtime missing) as internal', async () => {
    const err = await call(Promise.reject(new TypeError("Cannot read properties of undefined (reading 'app')"))).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: ErrorCode.Internal,
      message: "Cannot read properties of undefined (reading 'app')",
    });
  });

  it('catches a synchronous throw when given a thunk', async () => {
    const err = await call((): Promise<never> => {
      throw new TypeError('window.go is undefined');
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.Internal, message: 'window.go is undefined' });
  });
});
