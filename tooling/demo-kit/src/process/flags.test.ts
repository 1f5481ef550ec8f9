import { describe, expect, it } from 'vitest';
import { helpText, parseFlags, usageLine } from './flags.js';
import type { FlagSpecs } from './flags.js';

const specs = {
  name: { kind: 'name', help: 'node name' },
  bind: { kind: 'ip-port', help: 'bind address' },
  join: { kind: 'host-port-list', help: 'seeds' },
  keys: { kind: 'list', help: 'keys' },
  'send-every': { kind: 'duration', help: 'interval' },
  seed: { kind: 'int', help: 'seed' },
  preset: { kind: 'choice', choices: ['lan', 'local'], help: 'timing' },
  simulate: { kind: 'boolean', help: 'simulate' },
} as const satisfies FlagSpecs;

describe('parseFlags', () => {
  it('reads every kind, both spellings, repeats lists and skips a leading --', () => {
    const f = parseFlags(
      [
        '--',
        '--name',
        'node2',
        '--bind=127.0.0.1:7948',
        '--join',
        '127.0.0.1:7947,127.0.0.1:7949',
        '--join',
        'seed.local:7946',
        '--keys',
        'hello,world',
        '--send-every',
        '1s',
        '--seed',
        '3',
        '--preset',
        'local',
        '--simulate',
      ],
      specs,
    );
    expect(f.name).toBe('node2');
    expect(f.bind?.text).toBe('127.0.0.1:7948');
    expect(f.join?.map((j) => j.text)).toEqual([
      '127.0.0.1:7947',
      '127.0.0.1:7949',
      'seed.local:7946',
    ]);
    expect(f.keys).toEqual(['hello', 'world']);
    expect(f['send-every']).toBe(1000);
    expect(f.seed).toBe(3);
    expect(f.preset).toBe('local');
    expect(f.simulate).toBe(true);
    expect(f.help).toBe(false);
    expect(parseFlags(['-h'], specs).help).toBe(true);
    expect(parseFlags([], specs).name).toBeUndefined();
  });

  it.each([
    [['--nmae', 'x'], /^unknown flag --nmae$/],
    [['--name'], /^--name needs a value \(NAME\)$/],
    [['--name', '--bind'], /^--name needs a value/],
    [['--name', 'a b'], /^--name: expected a name/],
    [['--bind', 'localhost:7946'], /^--bind: expected an IP address/],
    [['--bind', '127.0.0.1'], /^--bind: expected HOST:PORT/],
    [['--join', '127.0.0.1:7946,'], /^--join: expected HOST:PORT, got ""/],
    [['--keys', 'a,,b'], /^--keys: empty item/],
    [['--send-every', '1'], /^--send-every: expected a duration/],
    [['--seed', '-1'], /^--seed: expected a whole number/],
    [['--preset', 'wan'], /^--preset: expected one of lan, local, got "wan"$/],
    [['--simulate=yes'], /^--simulate takes no value$/],
    [['node1'], /^unexpected argument "node1"$/],
  ])('%j fails with ERR_USAGE %s', (argv, message) => {
    let caught: unknown;
    try {
      parseFlags(argv, specs);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ERR_USAGE' });
    expect((caught as Error).message).toMatch(message);
  });

  it('prints a usage line and a help text naming every flag', () => {
    const usage = usageLine('app-x', specs);
    expect(usage).toBe(
      'usage: app-x [--name NAME] [--bind HOST:PORT] [--join HOST:PORT[,...]] [--keys A[,...]] [--send-every DURATION] [--seed N] [--preset lan|local] [--simulate]',
    );
    const help = helpText('app-x', 'does x', specs);
    expect(help).toContain(usage);
    for (const flag of Object.keys(specs)) expect(help).toMatch(new RegExp(`^  --${flag}\\b`, 'm'));
  });
});
