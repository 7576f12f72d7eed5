/**
 * An OTLP/HTTP body → resource groups of records, for either encoding.
 *
 * Protobuf is decoded whole by protobufjs: a body that is not the request message is a 400.
 * JSON is read as JSON first (a 400 when it is not), then each resource, scope and record is
 * decoded on its own by protobufjs's ProtoJSON reader, so one malformed record costs that record
 * only. OTLP/JSON differs from plain ProtoJSON in one way that matters here: trace and span ids
 * are hex, not base64, so they are turned into bytes before the reader sees them.
 */
import type protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';
import sjson from 'secure-json-parse';
import { ApiError } from '../../../../shared/api/errors';
import { describeFailure, FieldError, resourceContext, scopeContext, type ResourceContext, type ScopeContext } from './common';
import { OtlpTypes, type InstrumentationScope, type Resource } from './proto';

export type OtlpEncoding = 'protobuf' | 'json';

/** One record that could not be decoded, and how many records (data points) it stood for. */
export interface DecodeFailure {
  failed: string;
  units: number;
}

export interface DecodedGroup<T> {
  resource: Resource | null;
  scope: InstrumentationScope | null;
  /** Set when the resource or scope itself is unreadable: every item of the group is rejected. */
  groupError: string | null;
  items: (T | DecodeFailure)[];
}

export interface SignalShape {
  /** The request message, e.g. ExportLogsServiceRequest. */
  request: protobuf.Type;
  item: protobuf.Type;
  resourceKey: string;
  scopeKey: string;
  itemKey: string;
  /** Rewrites OTLP/JSON's hex ids in one raw record to what ProtoJSON expects (base64). */
  prepareJson(raw: Record<string, unknown>): void;
  /** How many units a raw record stands for (data points of a metric; 1 otherwise). */
  unitsOf?(raw: unknown): number;
}

export function isFailure<T>(item: T | DecodeFailure): item is DecodeFailure {
  return typeof item === 'object' && item !== null && Object.hasOwn(item, 'failed');
}

/** OTLP/JSON hex id → base64 for the ProtoJSON reader; a non-hex string is a bad field. */
export function hexToBase64(raw: Record<string, unknown>, key: string): void {
  const v = raw[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) {
    throw new FieldError(`${key}: must be a hex string (OTLP/JSON ids are hex, not base64)`);
  }
  raw[key] = Buffer.from(v, 'hex').toString('base64');
}

const READ = { ignoreUnknownFields: true } as const;

function readError(e: unknown): string {
  if (e instanceof FieldError || e instanceof RangeError) return describeFailure(e);
  const msg = e instanceof Error ? e.message : String(e);
  // ".opentelemetry.proto.logs.v1.LogRecord.timeUnixNano: invalid integer: "x"" → "LogRecord.timeUnixNano: …"
  return msg.replace(/^\.?(?:opentelemetry\.proto|google)\.[a-z.]*?(?:v1\.)?(?=[A-Z])/, '').slice(0, 200);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(parent: Record<string, unknown>, key: string, where: string): unknown[] {
  const v = parent[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ApiError('bad_request', `body: ${where}${key} must be an array`);
  return v;
}

function decodeJson<T>(body: Buffer, shape: SignalShape): DecodedGroup<T>[] {
  let root: unknown;
  try {
    root = sjson.parse(body.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    throw new ApiError('bad_request', `body: invalid JSON (${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 120)})`);
  }
  if (!isObject(root)) throw new ApiError('bad_request', `body: must be a JSON object (${shape.request.name})`);
  // Unknown fields are ignored, as OTLP asks; but a body with none of the one field a request has
  // is almost surely meant for another route (say our own POST /logs), not an empty export.
  if (!Object.hasOwn(root, shape.resourceKey)) {
    const found = Object.keys(root).slice(0, 5).map((k) => JSON.stringify(k.slice(0, 32)));
    throw new ApiError('bad_request', `body: no ${shape.resourceKey} (not an OTLP/JSON ${shape.request.name})${found.length ? `; found ${found.join(', ')}` : ''}`);
  }
  const groups: DecodedGroup<T>[] = [];
  list(root, shape.resourceKey, '').forEach((rg, r) => {
    const where = `${shape.resourceKey}[${r}].`;
    if (!isObject(rg)) throw new ApiError('bad_request', `body: ${shape.resourceKey}[${r}] must be an object`);
    let resource: Resource | null = null;
    let resourceError: string | null = null;
    try {
      resource = rg.resource == null ? null : (protojson.fromJson(OtlpTypes.Resource, rg.resource, READ) as Resource);
    } catch (e) {
      resourceError = `resource: ${readError(e)}`;
    }
    list(rg, shape.scopeKey, where).forEach((sg, s) => {
      if (!isObject(sg)) throw new ApiError('bad_request', `body: ${where}${shape.scopeKey}[${s}] must be an object`);
      let scope: InstrumentationScope | null = null;
      let groupError = resourceError;
      try {
        scope = sg.scope == null ? null : (protojson.fromJson(OtlpTypes.InstrumentationScope, sg.scope, READ) as InstrumentationScope);
      } catch (e) {
        groupError ??= `scope: ${readError(e)}`;
      }
      const items = list(sg, shape.itemKey, `${where}${shape.scopeKey}[${s}].`).map((raw): T | DecodeFailure => {
        const units = shape.unitsOf?.(raw) ?? 1;
        if (!isObject(raw)) return { failed: `${shape.item.name}: must be an object`, units };
        try {
          shape.prepareJson(raw);
          return protojson.fromJson(shape.item, raw, READ) as T;
        } catch (e) {
          return { failed: readError(e), units };
        }
      });
      groups.push({ resource, scope, groupError, items });
    });
  });
  return groups;
}

function decodeProtobuf<T>(body: Buffer, shape: SignalShape): DecodedGroup<T>[] {
  let message: Record<string, unknown>;
  try {
    message = shape.request.decode(body) as unknown as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof RangeError && !/index out of range/.test(e.message) ? 'nested too deeply' : (e as Error).message;
    throw new ApiError('bad_request', `body: not a valid ${shape.request.name} protobuf message (${String(why).slice(0, 120)})`);
  }
  const groups: DecodedGroup<T>[] = [];
  for (const rg of (message[shape.resourceKey] ?? []) as Record<string, unknown>[]) {
    for (const sg of (rg[shape.scopeKey] ?? []) as Record<string, unknown>[]) {
      groups.push({
        resource: (rg.resource ?? null) as Resource | null,
        scope: (sg.scope ?? null) as InstrumentationScope | null,
        groupError: null,
        items: (sg[shape.itemKey] ?? []) as T[],
      });
    }
  }
  return groups;
}

export function decodeOtlp<T>(body: Buffer, encoding: OtlpEncoding, shape: SignalShape): DecodedGroup<T>[] {
  return encoding === 'protobuf' ? decodeProtobuf<T>(body, shape) : decodeJson<T>(body, shape);
}

/** The resource and scope every record of a group shares, or why the whole group is refused. */
export function groupContext(group: DecodedGroup<unknown>): { resource: ResourceContext; scope: ScopeContext } | { error: string } {
  if (group.groupError) return { error: group.groupError };
  try {
    return { resource: resourceContext(group.resource), scope: scopeContext(group.scope) };
  } catch (e) {
    return { error: describeFailure(e) };
  }
}

/**
 * Decode a body and map each record on its own: one that fails (in decoding, in its group's
 * resource, or in `map`) is refused by its 0-based position and the others are kept.
 */
export function mapOtlpRecords<T, R>(
  body: Buffer,
  encoding: OtlpEncoding,
  shape: SignalShape,
  map: (item: T, resource: ResourceContext, scope: ScopeContext) => R,
): { records: R[]; rejected: { index: number; error: string }[] } {
  const records: R[] = [];
  const rejected: { index: number; error: string }[] = [];
  let index = 0;
  for (const group of decodeOtlp<T>(body, encoding, shape)) {
    const ctx = groupContext(group);
    for (const item of group.items) {
      const at = index++;
      if ('error' in ctx) rejected.push({ index: at, error: ctx.error });
      else if (isFailure(item)) rejected.push({ index: at, error: item.failed });
      else {
        try {
          records.push(map(item, ctx.resource, ctx.scope));
        } catch (e) {
          rejected.push({ index: at, error: describeFailure(e) });
        }
      }
    }
  }
  return { records, rejected };
}
