const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with sorted keys: the same template always hashes the same, whatever order a patch left. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** FNV-32a over the template, then rand.SafeEncodeString of the decimal, like pod-template-hash. */
export function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  const s = canonical(template ?? {});
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}
