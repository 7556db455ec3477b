import type { FieldDef } from './schema.js';
import { MESSAGES } from './schema.js';
import type { WireField } from './wire.js';
import { ProtoError, readFields, utf8 } from './wire.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

function signed(v: bigint | undefined): number {
  return Number(BigInt.asIntN(64, v ?? 0n));
}

function scalar(def: FieldDef, f: WireField): unknown {
  const t = def.type;
  if (t === 'string') return utf8(f.bytes);
  if (t === 'int') return signed(f.int);
  if (t === 'bool') return (f.int ?? 0n) !== 0n;
  if (t === 'bytes') return Buffer.from(f.bytes ?? new Uint8Array()).toString('base64');
  if (t === 'quantity')
    return utf8(readFields(f.bytes ?? new Uint8Array()).find((x) => x.num === 1)?.bytes);
  if (t === 'time') {
    const secs = signed(readFields(f.bytes ?? new Uint8Array()).find((x) => x.num === 1)?.int);
    return secs === 0 ? undefined : `${new Date(secs * 1000).toISOString().slice(0, 19)}Z`;
  }
  if (t === 'intstr') {
    const parts = readFields(f.bytes ?? new Uint8Array());
    const kind = signed(parts.find((x) => x.num === 1)?.int);
    return kind === 1
      ? utf8(parts.find((x) => x.num === 3)?.bytes)
      : signed(parts.find((x) => x.num === 2)?.int);
  }
  if ('msg' in t) return decodeMessage(t.msg, f.bytes ?? new Uint8Array());
  const entry = readFields(f.bytes ?? new Uint8Array());
  const key = utf8(entry.find((x) => x.num === 1)?.bytes);
  const raw = entry.find((x) => x.num === 2);
  const value =
    t.map === 'string'
      ? utf8(raw?.bytes)
      : t.map === 'bytes'
        ? Buffer.from(raw?.bytes ?? new Uint8Array()).toString('base64')
        : utf8(readFields(raw?.bytes ?? new Uint8Array()).find((x) => x.num === 1)?.bytes);
  return [key, value];
}

/** Zero values of non-pointer fields are what Go's `omitempty` drops from JSON. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === '' || v === 0 || v === false) return true;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

export function decodeMessage(type: string, buf: Uint8Array): Record<string, unknown> {
  const schema = MESSAGES[type];
  if (!schema) throw new ProtoError(`no schema for ${type}`);
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const def = schema[f.num];
    if (!def) continue;
    const v = scalar(def, f);
    if (typeof def.type === 'object' && 'map' in def.type) {
      const [k, val] = v as [string, unknown];
      const cur = (out[def.name] as Record<string, unknown> | undefined) ?? {};
      cur[k] = val;
      out[def.name] = cur;
    } else if (def.repeated) {
      const cur = (out[def.name] as unknown[] | undefined) ?? [];
      cur.push(v);
      out[def.name] = cur;
    } else if (
      def.ptr ||
      !isZero(v) ||
      (typeof def.type === 'object' && 'msg' in def.type && def.type.msg === 'Empty')
    ) {
      out[def.name] = v;
    }
  }
  return out;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body (the "k8s\0" magic, then a
 * runtime.Unknown wrapping the typed message) into the JSON object the rest of the server uses.
 */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (!MAGIC.every((c, idx) => body[idx] === c))
    throw new ProtoError('missing the k8s protobuf magic prefix');
  const unknown = readFields(body.subarray(4));
  const typeMeta = readFields(unknown.find((f) => f.num === 1)?.bytes ?? new Uint8Array());
  const apiVersion = utf8(typeMeta.find((f) => f.num === 1)?.bytes);
  const kind = utf8(typeMeta.find((f) => f.num === 2)?.bytes);
  const raw = unknown.find((f) => f.num === 2)?.bytes ?? new Uint8Array();
  if (!MESSAGES[kind]) throw new ProtoError(`kube-sim cannot decode ${kind} from protobuf`);
  return { apiVersion, kind, ...decodeMessage(kind, raw) };
}
