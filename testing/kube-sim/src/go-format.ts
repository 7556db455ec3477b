import { isPlainObject } from './object.js';

/**
 * Go's `%#v` of the values field.Invalid prints for composite, non-Stringer types, as 1.32's
 * ErrorBody does (`map[string]string{"app":"web"}`, `v1.LabelSelector{…}`). JSON rendering
 * only arrived in 1.34 (kubernetes#132314).
 */
const q = (s: unknown) => JSON.stringify(String(s));

/** `%#v` of a map[string]string: keys sorted, `(nil)` when absent. */
export function goStringMap(m: unknown): string {
  if (!isPlainObject(m)) return 'map[string]string(nil)';
  const parts = Object.keys(m)
    .sort()
    .map((k) => `${q(k)}:${q(m[k])}`);
  return `map[string]string{${parts.join(', ')}}`;
}

/** `%#v` of a []string. */
export function goStringSlice(v: unknown): string {
  if (!Array.isArray(v)) return '[]string(nil)';
  return `[]string{${v.map(q).join(', ')}}`;
}

/** `%#v` of a metav1.LabelSelector value (pointers are dereferenced first). */
export function goLabelSelector(sel: unknown): string {
  const s = isPlainObject(sel) ? sel : {};
  const me = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .filter(isPlainObject)
        .map(
          (e) =>
            `v1.LabelSelectorRequirement{Key:${q(e.key ?? '')}, Operator:${q(e.operator ?? '')}, Values:${goStringSlice(e.values)}}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${me}}`;
}

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which `%v` uses for the float64 numbers JSON
 * decodes into: the shortest digits, in exponent form below 1e-4 or from 1e+06 on.
 */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return String(n);
}

/** `%v` of a value decoded from JSON into `interface{}`: `map[k:v …]` with sorted keys, `[a b]`. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isPlainObject(v)) {
    const parts = Object.keys(v)
      .sort()
      .map((k) => `${k}:${goValue(v[k])}`);
    return `map[${parts.join(' ')}]`;
  }
  return String(v);
}

/** `%s` of `reflect.TypeOf(v)` for a value decoded from JSON into `interface{}`. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}
