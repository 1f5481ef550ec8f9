import { isRingError } from '@ring/transport';
import { helpText } from './config/help.js';
import { loadConfig } from './config/node-config.js';
import type { LoadedConfig } from './config/node-config.js';
import { formatEventLine, formatEventText } from './events/event-lines.js';
import { createLineLogger } from './logger.js';
import { RingNode } from './ring-node.js';
import { createTransportFor } from './transport-factory.js';
import { runExplainCli } from './explain-cli.js';

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
    io.stdout(helpText());
    return 0;
  }
  const { config } = loaded;
  const logger = createLineLogger({
    level: config.logLevel,
    name: config.name,
    write: io.stderr,
    now: io.now,
  });
  let node: RingNode;
  try {
    node = await RingNode.start({
      config,
      transport: createTransportFor(config),
      logger,
      onEvent: (line) => {
        const text = config.json ? formatEventLine(line) : formatEventText(line);
        if (text !== undefined) io.stdout(text);
      },
    });
  } catch (error) {
    const code = isRingError(error) ? `${error.code}: ` : '';
    io.stderr(
      `ring-node: cannot start: ${code}${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  if (node.httpAddress !== undefined)
    logger.info(`HTTP admin API on http://${node.httpAddress}/v1/members`);
  io.onShutdownSignal(() => {
    logger.info('shutting down: leaving the cluster');
    void node.shutdown();
  });
  io.onStarted?.(node);
  await node.done;
  return 0;
}
