/**
 * "1 workload", "2 workloads", "0 workloads": every count a person reads goes through here, so
 * no message says "1 workloads". `many` is for nouns that do not just take an "s" ("1 Pod is",
 * "bare Pods"): give the plural form.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
