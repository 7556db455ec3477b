import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dnsLabelProblem } from '@curfew/core';

const run = promisify(execFile);

export interface WebhookCertOptions {
  /** The webhook Service's name, e.g. `curfew-agent-webhook`. */
  service: string;
  /** The namespace the agent and its Service run in. */
  namespace: string;
  /** More subject alternative names: host names or IP addresses (tests add 127.0.0.1, localhost). */
  extraHosts?: readonly string[];
  /** Validity of both certificates; the chart's default (webhook.certValidityDays) is 3650. */
  days?: number;
  /** The openssl binary; `openssl` on PATH by default. */
  openssl?: string;
}

/** PEM texts. The CA key is returned so a caller may sign again, but nothing needs to keep it. */
export interface WebhookCertificates {
  caCert: string;
  caKey: string;
  /** The serving certificate (tls.crt) and its key (tls.key). */
  cert: string;
  key: string;
  /** The subject alternative names in the serving certificate. */
  hosts: readonly string[];
}

/**
 * The names the API server may use for the webhook Service. It dials
 * `<svc>.<ns>.svc` and verifies the certificate against that name only through SANs (Go ignores
 * the common name), so every form goes in.
 */
export function webhookServiceHosts(service: string, namespace: string): string[] {
  return [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkOptions(opts: WebhookCertOptions): void {
  for (const [what, value, hint] of [
    ['service name', opts.service, "Pass the webhook Service's name."],
    ['namespace', opts.namespace, 'Pass the namespace the agent is installed in.'],
  ] as const) {
    const problem = dnsLabelProblem(value, what);
    if (problem !== null) throw new Error(`${problem} ${hint}`);
  }
  for (const host of opts.extraHosts ?? []) {
    if (isIP(host) === 0 && !HOST_NAME.test(host)) {
      throw new Error(
        `'${host}' is neither an IP address nor a host name; pass names like localhost or 127.0.0.1.`,
      );
    }
  }
  const days = opts.days ?? 3650;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`days must be a whole number of days of at least 1, got ${days}.`);
  }
}

/**
 * Makes a CA and a serving certificate for the webhook Service with the `openssl` binary (Node
 * can verify X.509 but not write it). ECDSA P-256: small, fast to make, accepted by the API
 * server. Same layout as the chart's genCA/genSignedCert Secret (ca.crt, tls.crt, tls.key).
 */
export async function makeWebhookCertificates(
  opts: WebhookCertOptions,
): Promise<WebhookCertificates> {
  checkOptions(opts);
  const hosts = [
    ...new Set([...webhookServiceHosts(opts.service, opts.namespace), ...(opts.extraHosts ?? [])]),
  ];
  const days = String(opts.days ?? 3650);
  const openssl = opts.openssl ?? 'openssl';
  const dir = await mkdtemp(join(tmpdir(), 'curfew-webhook-tls-'));
  const ssl = async (...args: string[]) => {
    try {
      await run(openssl, args, {
        cwd: dir,
        env: { ...process.env, OPENSSL_CONF: join(dir, 'ca.cnf') },
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === 'ENOENT') {
        throw new Error(
          `'${openssl}' was not found; install OpenSSL (or pass its path as openssl).`,
        );
      }
      throw new Error(`openssl ${args[0]} failed: ${err.stderr?.trim() || err.message}`);
    }
  };
  try {
    const san = hosts.map((h) => (isIP(h) === 0 ? `DNS:${h}` : `IP:${h}`)).join(',');
    // Own config files (and OPENSSL_CONF pointing at one of them), so the system openssl.cnf
    // cannot add or clash with extensions.
    await writeFile(
      join(dir, 'ca.cnf'),
      [
        '[req]',
        'distinguished_name = dn',
        'prompt = no',
        'x509_extensions = v3_ca',
        '[dn]',
        `CN = ${opts.service}-ca`,
        '[v3_ca]',
        'basicConstraints = critical,CA:TRUE',
        'keyUsage = critical,keyCertSign,cRLSign',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'csr.cnf'),
      ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', `CN = ${hosts[2]}`, ''].join(
        '\n',
      ),
    );
    await writeFile(
      join(dir, 'serving.cnf'),
      [
        '[serving]',
        'basicConstraints = critical,CA:FALSE',
        'keyUsage = critical,digitalSignature',
        'extendedKeyUsage = serverAuth',
        `subjectAltName = ${san}`,
        'authorityKeyIdentifier = keyid',
        '',
      ].join('\n'),
    );
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await ssl(
      'req',
      '-x509',
      ...ec,
      '-config',
      'ca.cnf',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      days,
    );
    await ssl('req', '-new', ...ec, '-config', 'csr.cnf', '-keyout', 'tls.key', '-out', 'tls.csr');
    await ssl(
      'x509',
      '-req',
      '-in',
      'tls.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      days,
      '-extfile',
      'serving.cnf',
      '-extensions',
      'serving',
      '-out',
      'tls.crt',
    );
    const read = (name: string) => readFile(join(dir, name), 'utf8');
    const [caCert, caKey, cert, key] = await Promise.all([
      read('ca.crt'),
      read('ca.key'),
      read('tls.crt'),
      read('tls.key'),
    ]);
    return { caCert, caKey, cert, key, hosts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
