import { SlackSim } from '../../../src/index.js';
import { FakeApp } from './fake-app.js';

export const SECRET = 'page-test-secret';

/** Stops what a test started, newest first; call `runCleanups` from afterEach. */
const cleanups: (() => Promise<void>)[] = [];
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}
export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
export const REMINDER_BLOCKS = [
  { type: 'section', text: { type: 'mrkdwn', text: ':alarm_clock: *team-a* stops soon.' } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: '3 running pods' }] },
  {
    type: 'actions',
    block_id: 'ns|c-eu|team-a|',
    elements: [
      {
        type: 'static_select',
        action_id: 'curfew_snooze',
        placeholder: plain('Snooze…'),
        options: [
          { text: plain('1 hour'), value: '1h' },
          { text: plain('3 hours'), value: '3h' },
        ],
      },
      {
        type: 'button',
        text: plain('Delete'),
        action_id: 'curfew_delete',
        style: 'danger',
        value: 'delete',
        confirm: {
          title: plain('Delete team-a?'),
          text: { type: 'mrkdwn', text: 'Gone for good.' },
          confirm: plain('Delete it'),
          deny: plain('Cancel'),
        },
      },
    ],
  },
];

export async function api(sim: SlackSim, method: string, args: Record<string, string>) {
  const response = await fetch(`${sim.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}` },
    body: new URLSearchParams(args),
  });
  return (await response.json()) as { ok: boolean; ts?: string; channel?: string };
}

/** A sim with an app, ana's reminder DM, #team-a with bob's ephemeral and a deleted message. */
export async function setup(options: { app?: boolean } = {}) {
  const app = await FakeApp.start(SECRET);
  onCleanup(() => app.close());
  const sim = await SlackSim.start(
    options.app === false ? {} : { app: { url: app.url, signingSecret: SECRET } },
  );
  onCleanup(() => sim.close());
  const ana = sim.workspace.addUser({ name: 'ana', email: 'ana@example.com' });
  const bob = sim.workspace.addUser({ name: 'bob', email: 'bob@example.com' });
  const teamA = sim.workspace.addChannel('team-a');
  const reminder = await api(sim, 'chat.postMessage', {
    channel: ana.id,
    text: 'team-a stops soon',
    blocks: JSON.stringify(REMINDER_BLOCKS),
  });
  await api(sim, 'chat.postEphemeral', { channel: teamA.id, user: bob.id, text: 'for bob only' });
  const gone = await api(sim, 'chat.postMessage', { channel: teamA.id, text: 'deleted later' });
  const goneMessage = sim.workspace.findMessage(teamA.id, gone.ts ?? '');
  if (goneMessage) goneMessage.deleted = true;
  await api(sim, 'chat.postMessage', { channel: teamA.id, text: 'hello #team-a' });
  return { app, sim, ana, bob, teamA, reminderTs: reminder.ts ?? '', dm: reminder.channel ?? '' };
}

export async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function postJson(url: string, body: unknown, contentType = 'application/json') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
