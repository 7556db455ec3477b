import { describe, expect, it } from 'vitest';
import { commandIdsOf, rememberCommandId } from '../../src/common/command-ids.js';
import {
  type ActionCause,
  actorOf,
  causeNote,
  commandIdOf,
} from '../../src/namespace/action-cause.js';

describe('command ids remembered on objects', () => {
  it.each([
    { name: 'the first id starts the list', text: undefined, id: 'a', limit: 20, expected: 'a' },
    { name: 'a new id goes last', text: 'a,b', id: 'c', limit: 20, expected: 'a,b,c' },
    {
      name: 'a repeated id moves to the end once',
      text: 'a,b,c',
      id: 'a',
      limit: 20,
      expected: 'b,c,a',
    },
    { name: 'only the newest ids are kept', text: 'a,b,c', id: 'd', limit: 3, expected: 'b,c,d' },
  ])('$name', ({ text, id, limit, expected }) => {
    expect(rememberCommandId(text, id, limit)).toBe(expected);
  });

  it('an empty or absent list holds no ids', () => {
    expect(commandIdsOf(undefined)).toEqual([]);
    expect(commandIdsOf('')).toEqual([]);
    expect(commandIdsOf('a,,b')).toEqual(['a', 'b']);
  });
});

describe('why an action runs', () => {
  it.each<{ name: string; cause: ActionCause; actor: string; id?: string; note: RegExp }>([
    {
      name: 'the schedule acts as "schedule"',
      cause: { kind: 'schedule', reason: 'end of uptime' },
      actor: 'schedule',
      note: /end of uptime/,
    },
    {
      name: 'a time bomb acts as "time-bomb"',
      cause: { kind: 'expiry' },
      actor: 'time-bomb',
      note: /^$/,
    },
    {
      name: 'a command acts as who asked and carries its id',
      cause: { kind: 'command', commandId: 'c1', actor: 'U1' },
      actor: 'U1',
      id: 'c1',
      note: /command c1/,
    },
    {
      name: 'a command from nobody in particular acts as the hub',
      cause: { kind: 'command', commandId: 'c1', actor: '' },
      actor: 'hub',
      id: 'c1',
      note: /command c1/,
    },
    {
      name: 'a hand scale-up acts as a person',
      cause: { kind: 'hand-scale-up', reason: '' },
      actor: 'person',
      note: /^$/,
    },
    {
      name: 'finishing an interrupted action keeps its actor and says so',
      cause: { kind: 'recovery', actor: 'U2' },
      actor: 'U2',
      note: /interrupted/,
    },
    {
      name: 'finishing an action a command started carries out that command',
      cause: { kind: 'recovery', actor: 'U2', commandId: 'cmd-9' },
      actor: 'U2',
      id: 'cmd-9',
      note: /interrupted/,
    },
    {
      name: 'finishing an action without a recorded actor counts as the schedule',
      cause: { kind: 'recovery', actor: '' },
      actor: 'schedule',
      note: /interrupted/,
    },
  ])('$name', ({ cause, actor, id, note }) => {
    expect(actorOf(cause)).toBe(actor);
    expect(commandIdOf(cause)).toBe(id);
    expect(causeNote(cause)).toMatch(note);
  });
});
