/**
 * Loki's push API (`logproto.PushRequest`), described for protobufjs. Field numbers follow
 * Loki's push.proto; the stream hash (StreamAdapter field 3) and any later additions are not
 * declared, so the decoder skips them.
 */
import protobuf from 'protobufjs';
import type { Int64 } from './remote-write';

const root = protobuf.Root.fromJSON({
  nested: {
    logproto: {
      nested: {
        PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 } } },
        StreamAdapter: {
          fields: {
            labels: { type: 'string', id: 1 },
            entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 },
          },
        },
        EntryAdapter: {
          fields: {
            timestamp: { type: 'Timestamp', id: 1 },
            line: { type: 'string', id: 2 },
            structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 },
          },
        },
        LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        // google.protobuf.Timestamp, declared here so the root needs no imports.
        Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
      },
    },
  },
});

export const PushRequest = root.lookupType('logproto.PushRequest');

export interface LabelPairAdapter {
  name: string;
  value: string;
}
export interface EntryAdapter {
  timestamp: { seconds: Int64; nanos: number } | null;
  line: string;
  structuredMetadata: LabelPairAdapter[];
}
export interface StreamAdapter {
  labels: string;
  entries: EntryAdapter[];
}
export interface DecodedPushRequest {
  streams: StreamAdapter[];
}

/** Throws (RangeError/Error from protobufjs) when the bytes are not a PushRequest. */
export function decodePushRequest(bytes: Uint8Array): DecodedPushRequest {
  return PushRequest.decode(bytes) as unknown as DecodedPushRequest;
}
