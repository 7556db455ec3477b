import { ManualClock } from '@curfew/test-support';
import { describe, expect, it } from 'vitest';
import { CloudInventory } from '../../src/cloud/inventory.js';
import { CloudWorld, THROTTLE_EC2 } from '../support/cloud-world.js';
import { FakeCloud } from '../support/fake-cloud.js';

const NS = 'curfew.dev/namespace';
const T0 = Date.parse('2026-11-23T19:00:00Z');

function setUp(ttlMs = 60_000) {
  const world = new CloudWorld();
  world.addInstance(
    'eu-west-1',
    'i-a',
    'running',
    { [NS]: 'team-a' },
    { InstanceType: 't3.small' },
  );
  world.addInstance('us-east-1', 'i-b', 'running', { [NS]: 'team-a' });
  world.addDatabase('eu-west-1', 'db-c', 'available', { [NS]: 'team-c' });
  const clock = new ManualClock(T0);
  const inventory = new CloudInventory({
    api: new FakeCloud(world),
    regions: ['eu-west-1', 'us-east-1'],
    clock,
    ttlMs,
    prices: { 'ec2/t3.small': 0.02 },
  });
  return { world, clock, inventory };
}

const describes = (world: CloudWorld) => world.callsOf('DescribeInstances').length;

describe('CloudInventory', () => {
  it('a namespace’s resources come from every region', async () => {
    const { inventory } = setUp();
    expect((await inventory.ofNamespace('team-a')).map((r) => r.id).sort()).toEqual(['i-a', 'i-b']);
    expect(inventory.known('team-c').map((r) => r.id)).toEqual(['db-c']);
    expect([...inventory.namespaces()].sort()).toEqual(['team-a', 'team-c']);
  });

  it('lookups are reused within the TTL and repeated after it', async () => {
    const { world, clock, inventory } = setUp();
    await inventory.ofNamespace('team-a');
    await inventory.ofNamespace('team-c');
    expect(describes(world)).toBe(2);
    await clock.advance(60_001);
    await inventory.ofNamespace('team-a');
    expect(describes(world)).toBe(4);
  });

  it('concurrent askers share one lookup per region (200 suspends at 19:00 cost one describe)', async () => {
    const { world, inventory } = setUp();
    await Promise.all(Array.from({ length: 200 }, (_, i) => inventory.ofNamespace(`ns-${i}`, 0)));
    expect(describes(world)).toBe(2);
  });

  it('an action asking for a fresher lookup gets one', async () => {
    const { world, clock, inventory } = setUp();
    await inventory.ofNamespace('team-a');
    await clock.advance(10_000);
    await inventory.ofNamespace('team-a', 5_000);
    expect(describes(world)).toBe(4);
  });

  it('the state AWS answered a stop with is kept until the next lookup, and reported as a change', async () => {
    const { clock, inventory } = setUp();
    await inventory.ofNamespace('team-a');
    const changed: string[][] = [];
    inventory.onChange((namespaces) => changed.push([...namespaces]));
    inventory.noteState({ kind: 'ec2', region: 'eu-west-1', id: 'i-a' }, 'stopping');
    inventory.noteState({ kind: 'ec2', region: 'eu-west-1', id: 'i-a' }, 'stopping');
    expect(inventory.known('team-a').find((r) => r.id === 'i-a')?.state).toBe('stopping');
    expect(changed).toEqual([['team-a']]);
    await clock.advance(60_001);
    await inventory.refresh();
    // The world never stopped it (no stop call went out): the next lookup says so.
    expect(inventory.known('team-a').find((r) => r.id === 'i-a')?.state).toBe('running');
    expect(changed).toEqual([['team-a'], ['team-a']]);
  });

  it('a refresh that finds nothing new reports no change', async () => {
    const { clock, inventory } = setUp();
    await inventory.refresh();
    const changed: string[][] = [];
    inventory.onChange((namespaces) => changed.push([...namespaces]));
    await clock.advance(60_001);
    await inventory.refresh();
    expect(changed).toEqual([]);
  });

  it('a region that cannot be looked up fails an action, but a refresh keeps the other regions', async () => {
    const { world, clock, inventory } = setUp();
    await inventory.refresh();
    await clock.advance(60_001);
    world.inject('DescribeInstances', THROTTLE_EC2, 1);
    const failed = await inventory.refresh();
    expect(failed).toHaveLength(1);
    // What the failed region knew before is kept for status; the other region is fresh.
    expect(
      inventory
        .known('team-a')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['i-a', 'i-b']);
    await clock.advance(60_001);
    world.inject('DescribeInstances', THROTTLE_EC2, 1);
    await expect(inventory.ofNamespace('team-a')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('prices come from the configured table', async () => {
    const { inventory } = setUp();
    const [a] = await inventory.ofNamespace('team-a');
    expect(a && inventory.priceOf(a)).toBe(0.02);
  });
});
