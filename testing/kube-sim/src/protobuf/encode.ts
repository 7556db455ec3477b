/** Length-delimited protobuf fields, all an OpenAPI v2 skeleton document needs. */
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export function field(num: number, payload: Uint8Array | string): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  return Buffer.concat([
    Buffer.from(varint((num << 3) | 2)),
    Buffer.from(varint(bytes.length)),
    bytes,
  ]);
}
