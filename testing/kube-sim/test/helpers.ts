import { execFile } from 'node:child_process';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl binary against the simulator's kubeconfig. */
export function kubectl(
  kubeconfig: string,
  args: string[],
  input?: string,
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      {
        timeout: 30_000,
        env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME ?? '/tmp' },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Polls until `fn` returns a truthy value or the deadline passes (then throws the last error). */
export async function eventually<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 5000,
  stepMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = new Error(`condition still false: ${String(v)}`);
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A plain HTTP call, for asserting status codes and Status bodies exactly. */
export async function raw(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = contentType;
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (e.g. /healthz); keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Reads newline-delimited watch events until `until` says stop or the time runs out. */
export async function readWatch(
  url: string,
  until: (events: Array<{ type: string; object: Record<string, unknown> }>) => boolean,
  timeoutMs = 5000,
  headers: Record<string, string> = {},
): Promise<Array<{ type: string; object: Record<string, unknown> }>> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const events: Array<{ type: string; object: Record<string, unknown> }> = [];
  try {
    const res = await fetch(url, { signal: ac.signal, headers });
    const reader = res.body?.getReader();
    if (!reader) return events;
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim()) events.push(JSON.parse(line));
        i = buf.indexOf('\n');
      }
      if (until(events)) break;
    }
    ac.abort();
  } catch (e) {
    if ((e as Error).name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
  }
  return events;
}
