/**
 * Freezes a data constant all the way down. The contracts are shared module-level objects (the
 * YAML loaders they replace returned a fresh copy per call), so a caller that changed one in
 * place would change it for every other caller: frozen, such a write throws instead.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
