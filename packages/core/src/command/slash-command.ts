import { closestMatch } from '../common/closest-match.js';
import { dnsLabelProblem } from '../common/dns.js';
import { parseDuration } from '../common/duration.js';
import { CurfewInputError } from '../common/errors.js';
import { MAX_INPUT_LENGTH } from '../common/input-limit.js';
import { parseSku } from '../time-bombs/sku.js';

/**
 * The `/devenv` grammar (SPEC "Slack"). parseSlashCommand never throws for user input: anything it
 * cannot use comes back as `{ kind: 'error' }` with a sentence saying what is wrong and the usage.
 *
 * Decisions beyond the SPEC:
 * - verbs and sizes are case-insensitive; names are not folded (Kubernetes names are lower case,
 *   and an upper-case name gets an error saying so rather than a silent rewrite);
 * - `prolong` (alias `prolongate`) accepts `for` or not: `prolong dev-1 2h` is unambiguous;
 *   a duration split by spaces (`for 1h 30m`) is read as one, but every piece needs its unit
 *   (`1 30m` is refused, never glued into `130m`);
 * - `extend` takes an optional cluster after the duration, so a second duration-like word there
 *   (`extend /tribe 1h 30m`) is refused with the duration written as one word, never read as a
 *   cluster named `30m`;
 * - text longer than MAX_INPUT_LENGTH is refused before it is split;
 * - `help <anything>` is help; empty text is help;
 * - an unknown verb suggests the nearest one (typos, and synonyms like resume → start);
 * - `support` takes its cluster as `cluster/name` or as a last word (`support start manage1 XL
 *   dev-eu`, like `extend`); two different clusters are refused, and a size after `support stop`
 *   is refused rather than read as a cluster.
 */

export type SupportSize = 'XS' | 'S' | 'M' | 'L' | 'XL';
export const SUPPORT_SIZES: readonly SupportSize[] = ['XS', 'S', 'M', 'L', 'XL'];

/** A namespace as written in a command: `ns` or `cluster/ns`. */
export interface NamespaceRef {
  cluster?: string;
  namespace: string;
}

export interface SlashCommandError {
  kind: 'error';
  message: string;
  /** Usage of the command that failed, or of all commands. */
  usage: string;
}

export type SlashCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'status'; target: NamespaceRef }
  | { kind: 'start'; target: NamespaceRef }
  | { kind: 'stop'; target: NamespaceRef }
  | { kind: 'prolong'; target: NamespaceRef; durationMs: number }
  | { kind: 'delete'; target: NamespaceRef }
  | { kind: 'extend'; sku: string; durationMs: number; cluster?: string }
  /** `cluster`: from `cluster/name` or a trailing word; absent when the user named none. */
  | { kind: 'support-start'; name: string; size: SupportSize; cluster?: string }
  | { kind: 'support-stop'; name: string; cluster?: string }
  | SlashCommandError;

const USAGE: Record<string, string> = {
  help: 'help — this help',
  list: 'list — your namespaces in every cluster',
  status: 'status <namespace> — state, schedule and next shutdown',
  start: 'start <namespace> — resume a suspended namespace',
  stop: 'stop <namespace> — suspend it now',
  prolong: 'prolong <namespace> for <duration> — keep it running longer, e.g. for 2h',
  delete: 'delete <namespace> — delete it (asks you to confirm)',
  extend:
    'extend <sku> <duration> [cluster] — extend time bombs under an SKU, e.g. /tribe/squad 1d',
  support:
    'support start [cluster/]<name> <XS|S|M|L|XL> | support stop [cluster/]<name> — a management pod in the agent’s namespace (Curfew admins only)',
};

const SYNONYMS: Record<string, string> = {
  resume: 'start',
  wake: 'start',
  up: 'start',
  suspend: 'stop',
  pause: 'stop',
  down: 'stop',
  snooze: 'prolong',
  remove: 'delete',
  rm: 'delete',
  ls: 'list',
  info: 'status',
};

/** Help text for the slash command, one command per line. */
export function usageText(commandName = '/devenv'): string {
  return [
    `Usage: ${commandName} <command>`,
    ...Object.values(USAGE).map((line) => `  ${commandName} ${line}`),
    '<namespace> is a name, or cluster/name when the same name exists in several clusters.',
    'Durations: 90s, 15m, 1h30m, 3d, 1w.',
  ].join('\n');
}

function fail(message: string, commandName: string, verb?: string): SlashCommandError {
  const line = verb === undefined ? undefined : USAGE[verb];
  return {
    kind: 'error',
    message,
    usage: line === undefined ? usageText(commandName) : `Usage: ${commandName} ${line}`,
  };
}

/**
 * Parses the text after the command name (Slack's `text` field). Never throws for any string.
 * `commandName` only shapes the usage shown with errors.
 */
export function parseSlashCommand(text: string, commandName = '/devenv'): SlashCommand {
  if (text.length > MAX_INPUT_LENGTH) {
    return fail(
      `The command is ${text.length} characters long; at most ${MAX_INPUT_LENGTH} are read.`,
      commandName,
    );
  }
  const tokens = text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  const [first, ...args] = tokens;
  if (first === undefined) return { kind: 'help' };
  const verb = first.toLowerCase();
  try {
    switch (verb) {
      case 'help':
        return { kind: 'help' };
      case 'list':
        expectCount(verb, args, 0);
        return { kind: 'list' };
      case 'status':
      case 'start':
      case 'stop':
      case 'delete':
        expectCount(verb, args, 1);
        return { kind: verb, target: parseNamespaceRef(args[0] as string) };
      case 'prolong':
      case 'prolongate':
        return parseProlong(args);
      case 'extend':
        return parseExtend(args);
      case 'support':
        return parseSupport(args);
      default:
        return fail(unknownVerb(first), commandName);
    }
  } catch (e) {
    if (e instanceof CurfewInputError) {
      return fail(e.hint === '' ? e.message : `${e.message} ${e.hint}`, commandName, verbKey(verb));
    }
    throw e;
  }
}

function verbKey(verb: string): string {
  return verb === 'prolongate' ? 'prolong' : verb;
}

function expectCount(verb: string, args: readonly string[], count: number): void {
  if (args.length === count) return;
  const what = count === 0 ? 'no arguments' : count === 1 ? 'one namespace' : `${count} arguments`;
  throw new CurfewInputError(
    args.length < count
      ? `'${verb}' needs ${what}.`
      : `'${verb}' takes ${what}, got '${args.join(' ')}'.`,
    '',
  );
}

/** `ns` or `cluster/ns`, each a DNS-1123 label. Throws CurfewInputError. */
export function parseNamespaceRef(text: string): NamespaceRef {
  const parts = text.split('/');
  if (parts.length > 2) {
    throw new CurfewInputError(
      `'${text}' has more than one '/'.`,
      'Write a namespace as name or cluster/name.',
    );
  }
  const [a = '', b] = parts;
  const namespace = b ?? a;
  const cluster = b === undefined ? undefined : a;
  if (cluster !== undefined) {
    const problem = dnsLabelProblem(cluster, 'cluster id');
    if (problem !== null)
      throw new CurfewInputError(problem, 'Write a namespace as name or cluster/name.');
  }
  const problem = dnsLabelProblem(namespace, 'namespace name');
  if (problem !== null) throw new CurfewInputError(problem, '');
  return cluster === undefined ? { namespace } : { cluster, namespace };
}

function parseProlong(args: readonly string[]): SlashCommand {
  const [ns, ...rest] = args;
  const durationTokens = rest[0]?.toLowerCase() === 'for' ? rest.slice(1) : rest;
  if (ns === undefined || durationTokens.length === 0) {
    throw new CurfewInputError("'prolong' needs a namespace and a duration.", '');
  }
  const target = parseNamespaceRef(ns);
  // Each piece must be a duration on its own (`1 30m` must not become `130m`); then the whole.
  for (const piece of durationTokens) parseDuration(piece);
  return { kind: 'prolong', target, durationMs: parseDuration(durationTokens.join('')) };
}

function parseExtend(args: readonly string[]): SlashCommand {
  const [skuText, durationText, cluster, ...extra] = args;
  if (skuText === undefined || durationText === undefined) {
    throw new CurfewInputError("'extend' needs an SKU and a duration.", '');
  }
  const sku = parseSku(skuText).path;
  const durationMs = parseDuration(durationText);
  refuseSplitDuration(skuText, durationText, args.slice(2));
  if (extra.length > 0) {
    throw new CurfewInputError(`'extend' got unexpected '${extra.join(' ')}'.`, '');
  }
  if (cluster === undefined) return { kind: 'extend', sku, durationMs };
  const problem = dnsLabelProblem(cluster, 'cluster id');
  if (problem !== null) throw new CurfewInputError(problem, '');
  return { kind: 'extend', sku, durationMs, cluster };
}

/** A word that reads as (part of) a duration: `30m`, `1h30m`. */
const DURATION_PIECE = /^(\d+[wdhms])+$/i;

/** `extend /tribe 1h 30m [cluster]`: the words after the duration that look like more of it. */
function refuseSplitDuration(skuText: string, durationText: string, after: readonly string[]) {
  let n = 0;
  while (n < after.length && DURATION_PIECE.test(after[n] ?? '')) n++;
  if (n === 0) return;
  const more = after.slice(0, n);
  const rightForm = ['extend', skuText, [durationText, ...more].join(''), ...after.slice(n)];
  throw new CurfewInputError(
    `'${more.join(' ')}' after the duration looks like more of it: write '${rightForm.join(' ')}' (no spaces inside a duration).`,
    '',
  );
}

function parseSupport(args: readonly string[]): SlashCommand {
  const [sub, nameText, ...rest] = args;
  const action = sub?.toLowerCase();
  if (action !== 'start' && action !== 'stop') {
    throw new CurfewInputError(
      sub === undefined
        ? "'support' needs 'start' or 'stop'."
        : `'support ${sub}' is not a support command.`,
      '',
    );
  }
  if (nameText === undefined) {
    throw new CurfewInputError(`'support ${action}' needs a pod name.`, '');
  }
  const { cluster: prefixed, name } = parseSupportName(nameText);
  if (action === 'stop') {
    const [trailing, ...extra] = rest;
    if (trailing !== undefined && isSize(trailing)) {
      throw new CurfewInputError(
        `'support stop' takes a name and optionally a cluster, not a size: got '${rest.join(' ')}'.`,
        '',
      );
    }
    if (extra.length > 0) {
      throw new CurfewInputError(`'support stop' got unexpected '${extra.join(' ')}'.`, '');
    }
    return withCluster({ kind: 'support-stop', name }, supportCluster(prefixed, trailing));
  }
  const [size, trailing, ...extra] = rest;
  const upper = size?.toUpperCase();
  const known = SUPPORT_SIZES.find((s) => s === upper);
  if (known === undefined) {
    throw new CurfewInputError(
      size === undefined ? "'support start' needs a size." : `The size '${size}' is unknown.`,
      `Sizes are ${SUPPORT_SIZES.join(', ')}.`,
    );
  }
  if (extra.length > 0) {
    throw new CurfewInputError(`'support start' got unexpected '${extra.join(' ')}'.`, '');
  }
  return withCluster(
    { kind: 'support-start', name, size: known },
    supportCluster(prefixed, trailing),
  );
}

function isSize(word: string): boolean {
  return SUPPORT_SIZES.some((s) => s === word.toUpperCase());
}

/** `manage1` or `dev-eu/manage1`: a pod name, optionally after its cluster. */
function parseSupportName(text: string): { cluster?: string; name: string } {
  const parts = text.split('/');
  if (parts.length > 2) {
    throw new CurfewInputError(
      `'${text}' has more than one '/'.`,
      'Write a support pod as name or cluster/name.',
    );
  }
  const [a = '', b] = parts;
  const name = b ?? a;
  const problem = dnsLabelProblem(name, 'support pod name');
  if (problem !== null) throw new CurfewInputError(problem, '');
  return b === undefined ? { name } : { cluster: a, name };
}

/** The cluster from `cluster/name` and/or a trailing word; each a DNS label, and one cluster. */
function supportCluster(prefixed: string | undefined, trailing: string | undefined) {
  for (const cluster of [prefixed, trailing]) {
    if (cluster === undefined) continue;
    const problem = dnsLabelProblem(cluster, 'cluster id');
    if (problem !== null) {
      throw new CurfewInputError(problem, 'Write a support pod as name or cluster/name.');
    }
  }
  if (prefixed !== undefined && trailing !== undefined && prefixed !== trailing) {
    throw new CurfewInputError(
      `'${prefixed}/…' and '${trailing}' name two clusters; name the cluster once.`,
      '',
    );
  }
  return prefixed ?? trailing;
}

function withCluster<T extends object>(command: T, cluster: string | undefined): T {
  return cluster === undefined ? command : { ...command, cluster };
}

function unknownVerb(word: string): string {
  const verb = word.toLowerCase();
  const verbs = [...Object.keys(USAGE), 'prolongate'];
  const close = closestMatch(verb, verbs);
  const best = SYNONYMS[verb] ?? (close === undefined ? undefined : verbKey(close));
  const suggestion = best === undefined ? '' : ` Did you mean '${best}'?`;
  return `'${word}' is not a command.${suggestion}`;
}
