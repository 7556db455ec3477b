import { describe, expect, it } from 'vitest';
import {
  cloudHourlyPrice,
  namespaceCostPerDay,
  runningCloudCostPerHour,
  validateCloudPrices,
} from '../../src/cloud/cloud-cost.js';
import { isCurfewInputError } from '../../src/common/errors.js';
import { cluster, ec2, rds } from '../support/cloud-fixtures.js';

const prices = validateCloudPrices({
  'ec2/t3.medium': 0.0416,
  'rds/db.t3.medium': 0.072,
  'rds/db.r6g.large': 0.26,
});
const GIB = 2 ** 30;

describe('cloudHourlyPrice', () => {
  it.each([
    {
      name: 'an EC2 instance costs its instance type’s price',
      resource: ec2('i', 'running'),
      price: 0.0416,
    },
    { name: 'a database costs its class’s price', resource: rds('db', 'available'), price: 0.072 },
    {
      name: 'an unpriced instance type has no price (not zero)',
      resource: ec2('i', 'running', { size: 'm7i.large' }),
      price: undefined,
    },
    {
      name: 'a resource without a size has no price',
      resource: ec2('i', 'running', { size: undefined }),
      price: undefined,
    },
    {
      name: 'a cluster costs the sum of its priced members',
      resource: cluster('a', 'available', {
        memberSizes: ['db.r6g.large', 'db.r6g.large', 'db.x2g.huge'],
      }),
      price: 0.52,
    },
    {
      name: 'a cluster with no priced member has no price',
      resource: cluster('a', 'available', { memberSizes: ['db.x2g.huge'] }),
      price: undefined,
    },
    {
      name: 'a cluster without members has no price',
      resource: cluster('a', 'available', { memberSizes: undefined }),
      price: undefined,
    },
  ])('$name', ({ resource, price }) => {
    const got = cloudHourlyPrice(resource, prices);
    if (price === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(price, 10);
  });
});

describe('validateCloudPrices', () => {
  it.each([
    {
      name: 'a key without a kind is refused',
      prices: { 't3.medium': 1 },
      match: /not ec2\/<instance type>/,
    },
    { name: 'an unknown kind is refused', prices: { 'lambda/x': 1 }, match: /not ec2/ },
    {
      name: 'an uppercase type is refused (AWS spells them lowercase)',
      prices: { 'ec2/T3.medium': 1 },
      match: /not ec2/,
    },
    { name: 'a negative price is refused', prices: { 'ec2/t3.medium': -1 }, match: /non-negative/ },
    {
      name: 'a price that is not a number is refused',
      prices: { 'ec2/t3.medium': '0.04' },
      match: /non-negative/,
    },
  ])('$name, with a hint', ({ prices: bad, match }) => {
    let caught: unknown;
    try {
      validateCloudPrices(bad);
    } catch (error) {
      caught = error;
    }
    expect(isCurfewInputError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(match);
  });

  it('zero is a valid price (a resource on a savings plan)', () => {
    expect(validateCloudPrices({ 'ec2/t3.medium': 0 })).toEqual({ 'ec2/t3.medium': 0 });
  });
});

describe('runningCloudCostPerHour', () => {
  it.each([
    { name: 'a running priced instance is billed', state: 'running', cost: 1 },
    { name: 'a starting instance is billed', state: 'pending', cost: 1 },
    { name: 'a stopping instance is no longer billed', state: 'stopping', cost: 0 },
    { name: 'a stopped instance is not billed', state: 'stopped', cost: 0 },
    { name: 'a terminated instance is not billed', state: 'terminated', cost: 0 },
  ])('$name', ({ state, cost }) => {
    expect(runningCloudCostPerHour([{ kind: 'ec2', state, dollarsPerHour: 1 }])).toBe(cost);
  });

  it('unpriced resources add nothing', () => {
    expect(runningCloudCostPerHour([{ kind: 'rds', state: 'available' }])).toBe(0);
  });
});

describe('namespaceCostPerDay', () => {
  const nodePrices = { vcpuHour: 0.04, gibHour: 0.005 };
  const requested = { cpuMillis: 1_000, memoryBytes: GIB };
  const db = { kind: 'rds' as const, state: 'available', dollarsPerHour: 0.1 };

  it.each([
    { name: 'pods alone cost their requests', requested, prices: nodePrices, cloud: [], day: 1.08 },
    {
      name: 'a running priced database adds its hours',
      requested,
      prices: nodePrices,
      cloud: [db],
      day: 1.08 + 2.4,
    },
    {
      name: 'a stopped database adds nothing',
      requested,
      prices: nodePrices,
      cloud: [{ ...db, state: 'stopped' }],
      day: 1.08,
    },
    {
      name: 'cloud alone is priced without node prices',
      requested: undefined,
      prices: undefined,
      cloud: [db],
      day: 2.4,
    },
    {
      name: 'nothing priced has no cost (not $0)',
      requested: undefined,
      prices: undefined,
      cloud: [],
      day: undefined,
    },
    {
      name: 'a suspended namespace with its database stopped has no cost to show',
      requested: { cpuMillis: 0, memoryBytes: 0 },
      prices: nodePrices,
      cloud: [{ ...db, state: 'stopped' }],
      day: undefined,
    },
    {
      name: 'unpriced cloud resources do not make a cost appear',
      requested: undefined,
      prices: nodePrices,
      cloud: [{ kind: 'ec2' as const, state: 'running' }],
      day: undefined,
    },
  ])('$name', ({ requested: r, prices: p, cloud, day }) => {
    const got = namespaceCostPerDay(r, p, cloud);
    if (day === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(day, 10);
  });
});
