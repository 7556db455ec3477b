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
