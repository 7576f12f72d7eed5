import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { contract, isMethodName, type Api, type MethodName } from '../../shared/api/contract';
import { ApiError, type Result } from '../../shared/api/errors';

type Validator = ReturnType<typeof Compile>;
const validators = new Map<MethodName, Validator>();

function validatorFor(method: MethodName): Validator {
  let v = validators.get(method);
  if (!v) {
    v = Compile(contract[method].input);
    validators.set(method, v);
  }
  return v;
}

/**
 * Check an untrusted input against its contract schema (defaults applied) and return it typed,
 * or throw a bad_request ApiError naming the first offending field.
 */
export function validateInput(method: MethodName, input: unknown): unknown {
  const value = Value.Default(contract[method].input, Value.Clone(input ?? {}));
  const validator = validatorFor(method);
  if (validator.Check(value)) return value;
  const first = validator.Errors(value)[0];
  const where = first ? first.instancePath || '/' : '/';
  // TypeBox reports an extra property as "schema is false" at its path: say it plainly.
  const what = !first ? 'invalid input' : first.message === 'schema is false' ? 'is not a known property' : first.message;
  throw new ApiError('bad_request', `${method}: ${where} ${what}`);
}

/** Turn any thrown value into error data that may safely cross a transport (no stacks, no SQL). */
export function toErrorData(e: unknown): { code: ApiError['code']; message: string } {
  if (e instanceof ApiError) return e.toData();
  return { code: 'internal', message: 'internal error' };
}

/**
 * The transport-neutral entry used by IPC (and by tests that call the core directly): unknown
 * method → not_found, schema violation → bad_request, everything else as the handler answers.
 */
export async function dispatch(api: Api, method: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'not_found', message: `unknown method ${String(method).slice(0, 100)}` } };
  }
  try {
    const valid = validateInput(method, input);
    const handler = api[method] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(valid) };
  } catch (e) {
    return { ok: false, error: toErrorData(e) };
  }
}
