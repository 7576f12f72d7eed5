import { methodNames, type InputOf, type MethodName, type OutputOf } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { Transport } from './transport';

type DomainOf<M extends string> = M extends `${infer D}.${string}` ? D : never;
type Domain = DomainOf<MethodName>;

/** Methods whose whole input is optional may be called without an argument: `api.system.info()`. */
type ClientMethod<M extends MethodName> = object extends InputOf<M>
  ? (input?: InputOf<M>) => Promise<OutputOf<M>>
  : (input: InputOf<M>) => Promise<OutputOf<M>>;

/** `'logs.search'` in the contract becomes `api.logs.search(input)`. */
export type ApiClient = {
  [D in Domain]: { [M in MethodName as M extends `${D}.${infer N}` ? N : never]: ClientMethod<M> };
};

/**
 * Build the typed client from the contract's method list. A plain object rather than a runtime
 * Proxy: nothing unknown can be called, and `await api` or devtools inspection cannot
 * accidentally invent a method (a Proxy answers `then`).
 */
export function createClient(transport: Transport): ApiClient {
  const root: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of methodNames) {
    const [domain, name] = method.split('.') as [string, string];
    const group = (root[domain] ??= {});
    group[name] = async (input?: unknown) => {
      const result = await transport.invoke(method, input ?? {});
      if (result.ok) return result.value;
      throw ApiError.fromData(result.error);
    };
  }
  return root as unknown as ApiClient;
}
