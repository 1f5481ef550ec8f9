import { OPTION_SPECS, envName } from './option-specs.js';

/** The `ring-node --help` text: every flag, its environment variable, and the exit codes. */
export function helpText(): string {
  const rows = OPTION_SPECS.map((s) => {
    const left = `  --${s.flag}${s.value === undefined ? '' : ` ${s.value}`}`;
    const env = s.flag === 'help' || s.flag === 'version' ? '' : ` [${envName(s.flag)}]`;
    return `${left.padEnd(34)} ${s.help}${env}`;
  });
  return [
    'Usage: ring-node [options]',
    '       ring-node explain member NAME | key KEY [--http HOST:PORT] [--json]   (see explain --help)',
    '',
    'A Ring cluster member: SWIM membership (memberlist wire protocol), a consistent-hash ring,',
    'partitions, and an HTTP admin API. Every option can also be set through the environment',
    'variable shown in brackets or a JSON config file (--config) with the flag names as keys;',
    'precedence: command line > environment > config file > defaults.',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes: 0 after a graceful leave (SIGINT/SIGTERM, POST /v1/leave), 1 on a runtime failure,',
    '2 on a bad flag, value or config file.',
    '',
  ].join('\n');
}
