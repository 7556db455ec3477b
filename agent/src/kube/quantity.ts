/**
 * Kubernetes resource quantities (`250m`, `1`, `512Mi`, `1.5Gi`, `1e3`) to plain numbers.
 * Only requests are summed for cost reports, so an unparseable value counts as 0 rather
 * than failing the whole namespace summary.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

export function parseQuantity(text: string | undefined): number {
  if (!text) return 0;
  const match = QUANTITY.exec(text.trim());
  if (!match) return 0;
  const value = Number(match[1]);
  const factor = SUFFIX[match[2] ?? ''] ?? 1;
  return Number.isFinite(value) ? value * factor : 0;
}

export function cpuMillis(text: string | undefined): number {
  return Math.round(parseQuantity(text) * 1000);
}

export function bytes(text: string | undefined): number {
  return Math.round(parseQuantity(text));
}
