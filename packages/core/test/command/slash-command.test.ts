import { describe, expect, it } from 'vitest';
import {
  parseSlashCommand,
  type SlashCommand,
  usageText,
} from '../../src/command/slash-command.js';

const H = 3_600_000;

describe('parseSlashCommand: valid commands', () => {
  it.each<{ name: string; text: string; command: SlashCommand }>([
    { name: 'empty text is help', text: '   ', command: { kind: 'help' } },
    { name: 'help is help', text: 'help', command: { kind: 'help' } },
    { name: 'help with a topic is still help', text: 'help prolong', command: { kind: 'help' } },
    { name: 'list lists', text: 'list', command: { kind: 'list' } },
    {
      name: 'status takes a namespace',
      text: 'status dev-alice',
      command: { kind: 'status', target: { namespace: 'dev-alice' } },
    },
    {
      name: 'a namespace may be written cluster/ns',
      text: 'start prod-eu/dev-alice',
      command: { kind: 'start', target: { cluster: 'prod-eu', namespace: 'dev-alice' } },
    },
    {
      name: 'stop takes a namespace',
      text: 'stop dev-alice',
      command: { kind: 'stop', target: { namespace: 'dev-alice' } },
    },
    {
      name: 'delete takes a namespace',
      text: 'delete dev-alice',
      command: { kind: 'delete', target: { namespace: 'dev-alice' } },
    },
    {
      name: 'verbs are case-insensitive and spacing is free',
      text: '  STATUS    dev-alice ',
      command: { kind: 'status', target: { namespace: 'dev-alice' } },
    },
    {
      name: 'prolong with for parses the duration',
      text: 'prolong dev-alice for 2h',
      command: { kind: 'prolong', target: { namespace: 'dev-alice' }, durationMs: 2 * H },
    },
    {
      name: 'prolongate is prolong',
      text: 'prolongate dev-alice for 1d',
      command: { kind: 'prolong', target: { namespace: 'dev-alice' }, durationMs: 24 * H },
    },
    {
      name: 'prolong without for is accepted',
      text: 'prolong dev-alice 90m',
      command: { kind: 'prolong', target: { namespace: 'dev-alice' }, durationMs: 1.5 * H },
    },
    {
      name: 'a duration split by a space is read as one',
      text: 'prolong dev-alice for 1h 30m',
      command: { kind: 'prolong', target: { namespace: 'dev-alice' }, durationMs: 1.5 * H },
    },
    {
      name: 'a duration split across lines is read as one',
      text: 'prolong dev-alice 1h\n30m',
      command: { kind: 'prolong', target: { namespace: 'dev-alice' }, durationMs: 1.5 * H },
    },
    {
      name: 'extend takes an SKU and a duration',
      text: 'extend /tribe/squad 60m',
      command: { kind: 'extend', sku: '/tribe/squad', durationMs: H },
    },
    {
      name: 'extend takes an optional cluster',
      text: 'extend /tribe 1d prod-eu',
      command: { kind: 'extend', sku: '/tribe', durationMs: 24 * H, cluster: 'prod-eu' },
    },
    {
      name: 'support start takes a name and a size',
      text: 'support start manage1 XL',
      command: { kind: 'support-start', name: 'manage1', size: 'XL' },
    },
    {
      name: 'support sizes are case-insensitive',
      text: 'Support Start manage1 xs',
      command: { kind: 'support-start', name: 'manage1', size: 'XS' },
    },
    {
      name: 'support stop takes a name',
      text: 'support stop manage1',
      command: { kind: 'support-stop', name: 'manage1' },
    },
    {
      name: 'support start takes its cluster before the name',
      text: 'support start dev-eu/manage1 XL',
      command: { kind: 'support-start', name: 'manage1', size: 'XL', cluster: 'dev-eu' },
    },
    {
      name: 'support start takes its cluster as the last word',
      text: 'support start manage1 XL dev-eu',
      command: { kind: 'support-start', name: 'manage1', size: 'XL', cluster: 'dev-eu' },
    },
    {
      name: 'support stop takes its cluster before the name',
      text: 'support stop dev-us/manage1',
      command: { kind: 'support-stop', name: 'manage1', cluster: 'dev-us' },
    },
    {
      name: 'support stop takes its cluster as the last word',
      text: 'support stop manage1 dev-us',
      command: { kind: 'support-stop', name: 'manage1', cluster: 'dev-us' },
    },
    {
      name: 'the same cluster written both ways is one cluster',
      text: 'support start dev-eu/manage1 S dev-eu',
      command: { kind: 'support-start', name: 'manage1', size: 'S', cluster: 'dev-eu' },
    },
  ])('$name', ({ text, command }) => {
    expect(parseSlashCommand(text)).toEqual(command);
  });
});

describe('parseSlashCommand: errors say what is wrong', () => {
  it.each([
    {
      name: 'an unknown verb suggests the nearest one',
      text: 'stauts dev-alice',
      message: "'stauts' is not a command. Did you mean 'status'?",
    },
    {
      name: 'a synonym suggests the real verb',
      text: 'resume dev-alice',
      message: "'resume' is not a command. Did you mean 'start'?",
    },
    {
      name: 'a misspelt prolongate suggests prolong',
      text: 'prolongat dev-alice 1h',
      message: "Did you mean 'prolong'?",
    },
    {
      name: 'a word far from every verb gets no guess',
      text: 'banana',
      message: "'banana' is not a command.",
    },
    {
      name: 'status without a namespace says it needs one',
      text: 'status',
      message: "'status' needs one namespace.",
    },
    {
      name: 'stop with two namespaces says it takes one',
      text: 'stop a b',
      message: "'stop' takes one namespace, got 'a b'.",
    },
    {
      name: 'list with arguments says it takes none',
      text: 'list all',
      message: "'list' takes no arguments, got 'all'.",
    },
    {
      name: 'an upper-case namespace asks for lower case',
      text: 'start Dev-Alice',
      message: 'use lower case',
    },
    {
      name: 'a long namespace gives the limit',
      text: `start ${'a'.repeat(70)}`,
      message: 'the limit is 63',
    },
    {
      name: 'a bad cluster id is named as a cluster id',
      text: 'start prod_eu/dev',
      message: "The cluster id 'prod_eu' contains '_'",
    },
    {
      name: 'two slashes in a namespace are refused',
      text: 'start a/b/c',
      message: "more than one '/'",
    },
    {
      name: 'prolong without a duration says what it needs',
      text: 'prolong dev-alice for',
      message: "'prolong' needs a namespace and a duration.",
    },
    {
      name: 'prolong with a bad duration explains durations',
      text: 'prolong dev-alice for 2 hours',
      message: "The duration '2' has no unit. Add a unit, e.g. 2m or 2h.",
    },
    {
      name: 'prolong with a number and no unit before a duration names the number',
      text: 'prolong dev-1 1 30m',
      message: "The duration '1' has no unit.",
    },
    {
      name: 'prolong with a unit-less number shows the right form',
      text: 'prolong dev-1 for 1 30m',
      message: 'Add a unit, e.g. 1m or 1h.',
    },
    {
      name: 'extend with a duration split by a space shows the duration written as one',
      text: 'extend /tribe 1h 30m',
      message: "'30m' after the duration looks like more of it: write 'extend /tribe 1h30m'",
    },
    {
      name: 'extend with a split duration before a cluster shows the whole right form',
      text: 'extend /tribe 1h 30m prod-eu',
      message: "write 'extend /tribe 1h30m prod-eu'",
    },
    {
      name: 'extend of a parent step is refused',
      text: 'extend /.. 1h',
      message: "segment '..' is only dots",
    },
    {
      name: 'extend of a lone dot is refused',
      text: 'extend /. 1h',
      message: "segment '.' is only dots",
    },
    {
      name: 'a command over 4 KiB is refused before it is read',
      text: `status ${'a'.repeat(5000)}`,
      message: 'The command is 5007 characters long; at most 4096 are read.',
    },
    {
      name: 'extend without a duration says what it needs',
      text: 'extend /tribe',
      message: "'extend' needs an SKU and a duration.",
    },
    {
      name: 'extend with a bad SKU explains SKUs',
      text: 'extend tribe 1h',
      message: "does not start with '/'",
    },
    {
      name: 'extend with a bad cluster names it',
      text: 'extend /tribe 1h Prod',
      message: 'cluster id',
    },
    {
      name: 'extend with extra words names them',
      text: 'extend /tribe 1h prod extra',
      message: "unexpected 'extra'",
    },
    {
      name: 'support without a sub-command asks for start or stop',
      text: 'support',
      message: "'support' needs 'start' or 'stop'.",
    },
    {
      name: 'an unknown support sub-command is named',
      text: 'support restart x',
      message: "'support restart' is not a support command.",
    },
    {
      name: 'support start without a name asks for one',
      text: 'support start',
      message: "'support start' needs a pod name.",
    },
    {
      name: 'support start without a size lists the sizes',
      text: 'support start manage1',
      message: 'Sizes are XS, S, M, L, XL.',
    },
    {
      name: 'an unknown size lists the sizes',
      text: 'support start manage1 XXL',
      message: "The size 'XXL' is unknown. Sizes are XS, S, M, L, XL.",
    },
    {
      name: 'support start with words after the cluster names them',
      text: 'support start manage1 M dev-eu now',
      message: "unexpected 'now'",
    },
    {
      name: 'support stop with a size is refused, not read as a cluster',
      text: 'support stop manage1 M',
      message: "'support stop' takes a name and optionally a cluster, not a size: got 'M'.",
    },
    {
      name: 'support stop with words after the cluster names them',
      text: 'support stop manage1 dev-eu now',
      message: "'support stop' got unexpected 'now'.",
    },
    {
      name: 'two different clusters in one support command are refused',
      text: 'support start dev-eu/manage1 XL dev-us',
      message: "'dev-eu/…' and 'dev-us' name two clusters; name the cluster once.",
    },
    {
      name: 'a bad cluster in a support command is named',
      text: 'support start Dev_EU/manage1 XL',
      message: 'cluster id',
    },
    {
      name: 'a bad trailing cluster in a support command is named',
      text: 'support start manage1 XL Dev_EU',
      message: 'cluster id',
    },
    {
      name: 'a support pod written with two slashes is refused',
      text: 'support stop a/b/c',
      message: "'a/b/c' has more than one '/'.",
    },
    {
      name: 'a bad support pod name is named',
      text: 'support stop Manage1',
      message: "support pod name 'Manage1'",
    },
  ])('$name', ({ text, message }) => {
    const result = parseSlashCommand(text);
    expect(result.kind).toBe('error');
    if (result.kind === 'error') {
      expect(result.message).toContain(message);
      expect(result.usage).toContain('/devenv');
    }
  });

  it('an error in a known command shows that command’s usage', () => {
    expect(parseSlashCommand('prolong')).toMatchObject({
      usage:
        'Usage: /devenv prolong <namespace> for <duration> — keep it running longer, e.g. for 2h',
    });
  });

  it('errors show the configured command name', () => {
    expect(parseSlashCommand('stop', '/env')).toMatchObject({
      usage: expect.stringMatching(/^Usage: \/env stop/),
    });
    expect(parseSlashCommand('nope', '/env')).toMatchObject({ usage: usageText('/env') });
  });

  it('an unknown verb shows the whole usage', () => {
    expect(parseSlashCommand('frobnicate')).toMatchObject({ usage: usageText() });
  });
});

describe('usageText', () => {
  it('lists every command under the configured name', () => {
    const text = usageText('/env');
    for (const verb of [
      'help',
      'list',
      'status',
      'start',
      'stop',
      'prolong',
      'delete',
      'extend',
      'support start',
      'support stop',
    ]) {
      expect(text).toContain(verb);
    }
    expect(text.startsWith('Usage: /env <command>')).toBe(true);
    expect(text).not.toContain('/devenv');
  });
});
