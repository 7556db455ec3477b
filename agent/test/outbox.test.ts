import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { ANNOTATIONS } from '@curfew/core';
import { NotificationKind, NotificationSchema } from '@curfew/proto';
import { describe, expect, it } from 'vitest';
import { KeyedMutex, Outbox } from '../src/actions/index.js';
import { FakeCluster } from './support/fake-cluster.js';
import { fakeContext } from './support/fake-context.js';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const notice = (id: string, text = 'hello', staleAfter = NOW + 60_000) =>
  create(NotificationSchema, {
    id,
    kind: NotificationKind.SUSPENDED,
    namespace: 'team',
    text,
    staleAfter: timestampFromMs(staleAfter),
  });

async function outbox() {
  const ctx = await fakeContext(new FakeCluster());
  const sent: string[] = [];
  return { box: new Outbox({ ctx, locks: new KeyedMutex(), send: (n) => sent.push(n.id) }), sent };
}

describe('the outbox persisted on a namespace', () => {
  it('a notification added is read back as it was written', async () => {
    const { box } = await outbox();
    const patch = box.adding(
      {},
      [{ notification: notice('a') }, { notification: notice('r'), readyBy: NOW + 5 }],
      NOW,
    );
    const entries = box.read({ [ANNOTATIONS.outbox]: String(patch[ANNOTATIONS.outbox]) });
    expect(entries.map((e) => [e.notification.id, e.notification.text, e.readyBy])).toEqual([
      ['a', 'hello', undefined],
      ['r', 'hello', NOW + 5],
    ]);
  });

  it('an entry already owed under the same id stays as first written, and adding it again writes nothing', async () => {
    const { box } = await outbox();
    const first = {
      [ANNOTATIONS.outbox]: String(
        box.adding({}, [{ notification: notice('a', 'first') }], NOW)[ANNOTATIONS.outbox],
      ),
    };
    expect(box.adding(first, [{ notification: notice('a', 'again') }], NOW)).toEqual({});
    expect(box.read(first)[0]?.notification.text).toBe('first');
  });

  it('stale entries are dropped when another is added, and removing the last one removes the annotation', async () => {
    const { box } = await outbox();
    const owed = {
      [ANNOTATIONS.outbox]: String(
        box.adding(
          {},
          [{ notification: notice('old', 'x', NOW - 1) }, { notification: notice('b') }],
          NOW - 10,
        )[ANNOTATIONS.outbox],
      ),
    };
    const added = {
      [ANNOTATIONS.outbox]: String(
        box.adding(owed, [{ notification: notice('c') }], NOW)[ANNOTATIONS.outbox],
      ),
    };
    expect(box.read(added).map((e) => e.notification.id)).toEqual(['b', 'c']);
    expect(box.removing(added, new Set(['b']))).toEqual({
      [ANNOTATIONS.outbox]: expect.stringContaining('"c"'),
    });
    const onlyC = {
      [ANNOTATIONS.outbox]: String(box.removing(added, new Set(['b']))[ANNOTATIONS.outbox]),
    };
    expect(box.removing(onlyC, new Set(['c']))).toEqual({ [ANNOTATIONS.outbox]: null });
    expect(box.removing({}, new Set(['c']))).toEqual({});
  });

  it('a garbled annotation reads as nothing owed, and the next entry replaces it', async () => {
    const { box } = await outbox();
    expect(box.read({ [ANNOTATIONS.outbox]: '{not json' })).toEqual([]);
    const patch = box.adding(
      { [ANNOTATIONS.outbox]: '{not json' },
      [{ notification: notice('a') }],
      NOW,
    );
    expect(box.read({ [ANNOTATIONS.outbox]: String(patch[ANNOTATIONS.outbox]) })).toHaveLength(1);
  });

  it('what it delivers goes to the hub link and counts as handled by this agent', async () => {
    const { box, sent } = await outbox();
    box.deliver('team', notice('a'));
    expect(sent).toEqual(['a']);
    expect(box.has('a')).toBe(true);
    expect(box.has('b')).toBe(false);
  });
});
