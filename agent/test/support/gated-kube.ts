import type { KubeApi } from '../../src/kube/types.js';

/**
 * Wraps a KubeApi so calls of the given methods wait until the gate opens: an action that
 * reaches one of them is held right there, mid-way, for as long as a test needs.
 */
export function gated(inner: KubeApi, methods: readonly string[]) {
  let open = false;
  const waiting: (() => void)[] = [];
  const handler: ProxyHandler<KubeApi> = {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      const call = (value as (...a: unknown[]) => unknown).bind(target);
      if (!methods.includes(String(property))) return call;
      return async (...args: unknown[]) => {
        if (!open) await new Promise<void>((resolve) => waiting.push(resolve));
        return call(...args);
      };
    },
  };
  return {
    kube: new Proxy(inner, handler),
    /** Calls waiting at the gate. */
    held: () => waiting.length,
    open() {
      open = true;
      for (const resume of waiting.splice(0)) resume();
    },
  };
}
