import { isRingError } from '@ring/transport';
import { helpText } from '../config/help.js';
import { memberConfig } from '../config/member-configs.js';
import { loadConfig } from '../config/node-config.js';
import type { LoadedConfig } from '../config/node-config.js';
import { formatEventLine, formatEventText } from '../events/event-lines.js';
import { createLineLogger } from './logger.js';
import type { NodeLogger } from './logger.js';
import { RingNode } from '../node/ring-node.js';
import { createTransportFor } from '../node/transport-factory.js';
import { runExplainCli } from './explain-cli.js';
import { versionText } from '../version.js';

/** With `--members K`, members 2..K start this many at a time. */
const MEMBER_START_BATCH = 16;

/** The outside world of {@link runCli}, injected so tests can run the CLI in-process. */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly hostname: string;
  readonly readFile: (path: string) => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Wall-clock time for log lines. */
  readonly now: () => number;
  /** Register the graceful-shutdown trigger (SIGINT/SIGTERM in `main.ts`). */
  readonly onShutdownSignal: (handler: () => void) => void;
  /** Called once the node is up (tests use it to find the node). */
  readonly onStarted?: (node: RingNode) => void;
}

/**
 * Run `ring-node`: parse the configuration, start the node, wait until it has left (after
 * SIGINT/SIGTERM or `POST /v1/leave`).
 *
 * @param io - arguments, environment and sinks.
 * `ring-node explain ...` runs {@link runExplainCli} instead.
 *
 * @returns the process exit code: 0 after a graceful leave (or `--help`), 1 when the node could not
 *   start (e.g. `ERR_BIND`, `ERR_JOIN_FAILED`), 2 on a bad flag, value or config file.
 */
export async function runCli(io: CliIo): Promise<number> {
  // `ring-node explain member NAME | key KEY`: a client of a running node's admin API.
  if (io.argv[0] === 'explain')
    return runExplainCli({
      argv: io.argv.slice(1),
      env: io.env,
      stdout: io.stdout,
      stderr: io.stderr,
    });
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({
      argv: io.argv,
      env: io.env,
      readFile: io.readFile,
      hostname: io.hostname,
    });
  } catch (error) {
    if (isRingError(error, 'ERR_USAGE') || isRingError(error, 'ERR_CONFIG_FILE')) {
      io.stderr(`ring-node: ${error.message}\nRun 'ring-node --help' for the list of options.\n`);
      return 2;
    }
    throw error;
  }
  if (loaded.help) {
    io.stdout(loaded.topic === 'version' ? versionText() : helpText());
    return 0;
  }
  const { config } = loaded;
  try {
    // Validate every member's ports before anything binds (memberConfig throws ERR_USAGE).
    for (let i = 1; i <= config.members; i++) memberConfig(config, i, '0.0.0.0:0');
  } catch (error) {
    if (isRingError(error, 'ERR_USAGE')) {
      io.stderr(`ring-node: ${error.message}\nRun 'ring-node --help' for the list of options.\n`);
      return 2;
    }
    throw error;
  }
  const nodes: RingNode[] = [];
  const loggers: NodeLogger[] = [];
  let stopping = false;
  io.onShutdownSignal(() => {
    stopping = true;
    nodes.forEach((node, i) => {
      loggers[i]?.info('shutting down: leaving the cluster');
      void node.shutdown();
    });
  });
  /** Start member `i`; on failure print why and return undefined. */
  const startMember = async (i: number, first?: string): Promise<RingNode | undefined> => {
    const member = memberConfig(config, i, first);
    const logger = createLineLogger({
      level: member.logLevel,
      name: member.name,
      write: io.stderr,
      now: io.now,
    });
    let node: RingNode;
    try {
      node = await RingNode.start({
        config: member,
        transport: createTransportFor(member),
        logger,
        onEvent: (line) => {
          // With --members, every line says which member saw it.
          if (config.members > 1) {
            const text = member.json
              ? `${JSON.stringify({ node: member.name, ...line })}\n`
              : formatEventText(line);
            if (text !== undefined) io.stdout(member.json ? text : `[${member.name}] ${text}`);
            return;
          }
          const text = member.json ? formatEventLine(line) : formatEventText(line);
          if (text !== undefined) io.stdout(text);
        },
      });
    } catch (error) {
      const code = isRingError(error) ? `${error.code}: ` : '';
      const who = config.members > 1 ? ` ${member.name}` : '';
      io.stderr(
        `ring-node: cannot start${who}: ${code}${error instanceof Error ? error.message : String(error)}\n`,
      );
      return undefined;
    }
    nodes.push(node);
    loggers.push(logger);
    if (node.httpAddress !== undefined)
      logger.info(`HTTP admin API on http://${node.httpAddress}/v1/members`);
    io.onStarted?.(node);
    return node;
  };
  // Member 1 first (it is everyone's seed), then the others MEMBER_START_BATCH at a time: a
  // hundred members start in seconds, and member 1 answers at most that many joins at once.
  const first = await startMember(1);
  let failed = first === undefined;
  for (let i = 2; i <= config.members && !failed && !stopping; i += MEMBER_START_BATCH) {
    const batch: Promise<RingNode | undefined>[] = [];
    for (let j = i; j < i + MEMBER_START_BATCH && j <= config.members; j++)
      batch.push(startMember(j, first!.address));
    failed = (await Promise.all(batch)).includes(undefined);
  }
  if (failed) {
    // Members already running leave, so a failed start leaves nothing behind.
    await Promise.all(nodes.map((n) => n.shutdown()));
    return 1;
  }
  if (stopping) await Promise.all(nodes.map((n) => n.shutdown()));
  await Promise.all(nodes.map((n) => n.done));
  return 0;
}
