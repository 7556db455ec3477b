/**
 * `scripts/make-webhook-certs`: writes ca.crt, tls.crt and tls.key for the webhook Service to a
 * folder, for installs that bring their own Secret instead of the chart-generated one, and for
 * local runs. Usage: see USAGE below.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeWebhookCertificates } from './webhook-certs.js';

const USAGE = `usage: scripts/make-webhook-certs --service NAME --namespace NS [--host H]... [--days N] OUT_DIR

Writes OUT_DIR/ca.crt, OUT_DIR/tls.crt and OUT_DIR/tls.key (mode 0600): a new CA and a serving
certificate for NAME, NAME.NS, NAME.NS.svc and NAME.NS.svc.cluster.local (plus each --host, e.g.
--host 127.0.0.1 --host localhost for local tests). Then, for example:
  kubectl -n NS create secret generic NAME-tls --from-file=OUT_DIR/ca.crt --from-file=OUT_DIR/tls.crt --from-file=OUT_DIR/tls.key
and use base64 of ca.crt as the webhook configurations' caBundle.`;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    process.stderr.write(`make-webhook-certs: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [outDir, ...extra] = positionals;
  const missing = [
    values.service === undefined ? '--service' : null,
    values.namespace === undefined ? '--namespace' : null,
    outDir === undefined ? 'OUT_DIR' : null,
  ].filter((m) => m !== null);
  if (missing.length > 0 || extra.length > 0 || outDir === undefined) {
    const why =
      missing.length > 0 ? `missing ${missing.join(', ')}` : `unexpected '${extra.join(' ')}'`;
    process.stderr.write(`make-webhook-certs: ${why}\n\n${USAGE}\n`);
    return 2;
  }
  const days = values.days === undefined ? undefined : Number(values.days);
  try {
    const certs = await makeWebhookCertificates({
      service: values.service ?? '',
      namespace: values.namespace ?? '',
      extraHosts: values.host ?? [],
      ...(days === undefined ? {} : { days }),
    });
    const dir = resolve(outDir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'ca.crt'), certs.caCert);
    await writeFile(join(dir, 'tls.crt'), certs.cert);
    await writeFile(join(dir, 'tls.key'), certs.key, { mode: 0o600 });
    // writeFile keeps the mode of an existing file; a key must never stay world-readable.
    await chmod(join(dir, 'tls.key'), 0o600);
    process.stdout.write(`wrote ${dir}/ca.crt, tls.crt, tls.key for ${certs.hosts.join(', ')}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`make-webhook-certs: ${(e as Error).message}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      service: { type: 'string' },
      namespace: { type: 'string' },
      host: { type: 'string', multiple: true },
      days: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
