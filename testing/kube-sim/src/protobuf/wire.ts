/** Protocol Buffers wire format reading: just enough to walk messages field by field. */
export interface WireField {
  num: number;
  wire: number;
  /** varint / fixed values */
  int?: bigint;
  /** length-delimited payload */
  bytes?: Uint8Array;
}

export class ProtoError extends Error {}

function varint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new ProtoError('truncated varint');
    const b = buf[pos++] ?? 0;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
    if (shift > 70n) throw new ProtoError('varint too long');
  }
}

export function readFields(buf: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = varint(buf, pos);
    pos = p1;
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, p2] = varint(buf, pos);
      pos = p2;
      out.push({ num, wire, int: v });
    } else if (wire === 2) {
      const [len, p2] = varint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw new ProtoError('truncated length-delimited field');
      out.push({ num, wire, bytes: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      let v = 0n;
      for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[pos + i] ?? 0);
      out.push({ num, wire, int: v });
      pos += size;
    } else throw new ProtoError(`unsupported wire type ${wire}`);
  }
  return out;
}

export function utf8(b: Uint8Array | undefined): string {
  return Buffer.from(b ?? new Uint8Array()).toString('utf8');
}
