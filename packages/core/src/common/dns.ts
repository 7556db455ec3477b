/**
 * RFC 1123 labels, the rule Kubernetes applies to namespace names (and that we apply to cluster
 * ids and support-pod names so they can be used as names and label values anywhere).
 */
export const DNS_LABEL_MAX = 63;

/** What is wrong with `value` as a DNS-1123 label, as a sentence; null if it is fine. */
export function dnsLabelProblem(value: string, what: string): string | null {
  if (value === '') return `The ${what} is empty.`;
  if (value.length > DNS_LABEL_MAX) {
    return `The ${what} '${value}' is ${value.length} characters long; the limit is ${DNS_LABEL_MAX}.`;
  }
  if (/[A-Z]/.test(value)) return `The ${what} '${value}' has upper-case letters; use lower case.`;
  const bad = /[^a-z0-9-]/.exec(value);
  if (bad) {
    return `The ${what} '${value}' contains '${bad[0]}'; only lower-case letters, digits and '-' are allowed.`;
  }
  if (value.startsWith('-') || value.endsWith('-')) {
    return `The ${what} '${value}' must start and end with a letter or digit.`;
  }
  return null;
}

export function isDnsLabel(value: string): boolean {
  return dnsLabelProblem(value, 'name') === null;
}
