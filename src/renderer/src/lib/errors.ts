import { isApiError } from '../../../shared/api/errors';

/** What to show an operator for a failed call: our message, never a stack. */
export function messageOf(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong';
}
