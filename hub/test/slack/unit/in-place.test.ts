import { NotificationKind } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { ownActionComingBack } from '../../../src/slack/notifications/in-place.js';

const ANA = 'U0ANA00001';

describe('ownActionComingBack', () => {
  it.each([
    {
      name: 'a suspend ana asked for in Slack, told to ana, is her own action coming back',
      n: { kind: NotificationKind.SUSPENDED, commandId: 'cmd-1', actor: ANA },
      to: { user: ANA },
      own: true,
    },
    {
      name: 'a suspend bob asked for, told to ana, is news to her',
      n: { kind: NotificationKind.SUSPENDED, commandId: 'cmd-1', actor: 'U0BOB00001' },
      to: { user: ANA },
      own: false,
    },
    {
      name: 'a suspend on schedule has no command and is news',
      n: { kind: NotificationKind.SUSPENDED, commandId: '', actor: 'schedule' },
      to: { user: ANA },
      own: false,
    },
    {
      name: 'a suspend through the admin API is news (its actor is no Slack user)',
      n: { kind: NotificationKind.SUSPENDED, commandId: 'cmd-1', actor: 'api:ops' },
      to: { user: ANA },
      own: false,
    },
    {
      name: 'ana’s suspend told to a channel is for the channel to read',
      n: { kind: NotificationKind.SUSPENDED, commandId: 'cmd-1', actor: ANA },
      to: { channel: '#team-a' },
      own: false,
    },
    {
      name: 'a resume’s “running again” is later news, never folded away',
      n: { kind: NotificationKind.RESUMED, commandId: 'cmd-1', actor: ANA },
      to: { user: ANA },
      own: false,
    },
    {
      name: 'a command without an actor is not taken for anyone’s',
      n: { kind: NotificationKind.SUSPENDED, commandId: 'cmd-1', actor: '' },
      to: { user: '' },
      own: false,
    },
  ])('$name', ({ n, to, own }) => {
    expect(ownActionComingBack(n, to)).toBe(own);
  });
});
