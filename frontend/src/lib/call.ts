import { AppError, toAppError } from './errors';

export { AppError, toAppError } from './errors';

/**
 * Awaits a Wails binding call and turns its rejection into an AppError.
 * Every binding call goes through here:
 *
 *   const about = await call(About());
 *   await call(() => DeleteUser(realm, id)); // a thunk also catches a synchronous throw
 *
 * The thunk form matters when the runtime is missing (window.go undefined):
 * the generated function then throws before any promise exists.
 */
export async function call<T>(request: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof request === 'function' ? request() : request);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
