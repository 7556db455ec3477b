import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubeProtobuf } from '../protobuf/decode.js';
import { ProtoError } from '../protobuf/wire.js';
import { ApiError, badRequest } from '../status.js';

const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > MAX_BODY) {
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Objects come as JSON, YAML, or — from kubectl's typed clients (`kubectl create configmap`,
 * `run`, `expose`) — Kubernetes protobuf, which is decoded for the types those commands make.
 */
export function parseObjectBody(body: Buffer, contentType: string | undefined): unknown {
  const ct = (contentType ?? '').split(';')[0]?.trim();
  if (ct === 'application/vnd.kubernetes.protobuf') {
    try {
      return decodeKubeProtobuf(body);
    } catch (e) {
      if (!(e instanceof ProtoError)) throw e;
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${e.message})`,
      );
    }
  }
  if (ct === 'application/cbor') {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  }
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return ct === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the body of the request could not be decoded as ${ct || 'JSON'}: ${(e as Error).message}`,
    );
  }
}
