/**
 * Every contract entry becomes one route, by one loop: path params from the path, the rest from
 * the query (GET) or the JSON body (POST), validated by the entry's schema, answered by the
 * core's handler. No business logic lives here.
 */
import type { FastifyInstance } from 'fastify';
import { contract, methodNames, pathParams, type MethodName } from '../../shared/api/contract';
import { ErrorBody } from '../../shared/api/schemas/common';
import type { Lifecycle } from '../lifecycle';

interface ObjectSchema {
  type: 'object';
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
}

function split(schema: ObjectSchema, params: string[]) {
  const props = schema.properties ?? {};
  const pick = (keep: (k: string) => boolean): ObjectSchema => ({
    type: 'object',
    properties: Object.fromEntries(Object.entries(props).filter(([k]) => keep(k))),
    required: (schema.required ?? []).filter(keep),
    additionalProperties: false,
  });
  return { params: pick((k) => params.includes(k)), rest: pick((k) => !params.includes(k)) };
}

export function contractRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  for (const name of methodNames) {
    const op = contract[name];
    const params = pathParams(op.http.path);
    const parts = split(op.input as unknown as ObjectSchema, params);
    const status: number = ('status' in op ? op.status : undefined) ?? 200;
    app.route({
      method: op.http.method,
      url: op.http.path.replace(/:([A-Za-z_]+)/g, ':$1'),
      schema: {
        operationId: name,
        summary: op.summary,
        tags: [name.split('.')[0] as string],
        ...(params.length ? { params: parts.params } : {}),
        ...(op.http.method === 'GET' ? { querystring: parts.rest } : { body: parts.rest }),
        response: { [status]: op.output, '4xx': ErrorBody, '5xx': ErrorBody },
      },
      handler: async (request, reply) => {
        const core = lifecycle.requireCore();
        const input = { ...((op.http.method === 'GET' ? request.query : request.body) as object), ...(request.params as object) };
        const handler = core.api[name as MethodName] as (i: unknown) => Promise<unknown>;
        const out = await handler(input);
        return reply.code(status).send(out);
      },
    });
  }
}
