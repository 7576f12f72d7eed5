/**
 * The few preferences the console remembers locally. localStorage can throw (disabled storage,
 * quota, opaque origins), and a missing preference must never break a page.
 */
export const TOKEN_KEY = 'observatory.token';
export const OPERATOR_KEY = 'observatory.operator';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null || value === '') globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not remembering is acceptable; failing the action is not.
  }
}

export const readToken = (): string | null => read(TOKEN_KEY);
export const writeToken = (token: string | null): void => write(TOKEN_KEY, token?.trim() ?? null);
export const readOperator = (): string => read(OPERATOR_KEY) ?? '';
export const writeOperator = (name: string): void => write(OPERATOR_KEY, name.trim());
