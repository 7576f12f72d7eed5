/** A minimal HTTP caller built from the contract, for tests that check both transports agree. */
import { contract, pathParams, type MethodName } from '../../src/shared/api/contract';
import type { Result } from '../../src/shared/api/errors';

export async function callHttp(baseUrl: string, method: MethodName, input: Record<string, unknown>): Promise<{ status: number; result: Result<unknown> }> {
  const op = contract[method];
  const rest = { ...input };
  let path: string = op.http.path;
  for (const p of pathParams(path)) {
    path = path.replace(`:${p}`, encodeURIComponent(String(rest[p])));
    delete rest[p];
  }
  let res: Response;
  if (op.http.method === 'GET') {
    const qs = new URLSearchParams(Object.entries(rest).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
    res = await fetch(`${baseUrl}${path}${qs.size ? `?${qs}` : ''}`);
  } else {
    res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rest) });
  }
  const body = (await res.json()) as { code?: string; message?: string };
  return res.ok
    ? { status: res.status, result: { ok: true, value: body } }
    : { status: res.status, result: { ok: false, error: { code: body.code as never, message: body.message ?? '' } } };
}
