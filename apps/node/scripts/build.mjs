#!/usr/bin/env node
// Builds ring-node into one CommonJS script, dist/ring-node.cjs, straight from the TypeScript
// sources of this app and of the @ring/* packages (the "@ring/source" export condition), so nothing
// else has to be built first; then starts it once on loopback to record a V8 code cache,
// dist/ring-node.cjs.cache, that the bin (bin/ring-node.cjs) hands to V8 so a node does not compile
// its code again at every start. One script in the bin's own process: the PID a supervisor holds
// is the node.
//
// Run by `pnpm install` (the root `prepare` script), `pnpm --filter @ring/node build`, and the
// Vitest global setup, so tests always run the current sources. Takes under a second. When the
// node cannot be started here (no loopback), the build warns and leaves the cache out.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = fileURLToPath(new URL('../dist/ring-node.cjs', import.meta.url));
const CACHE = `${OUT}.cache`;
const BIN = fileURLToPath(new URL('../bin/ring-node.cjs', import.meta.url));

/** Bundle the sources into dist/ring-node.cjs. */
async function bundle() {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    // CommonJS: Node 20 can hand a code cache to V8 for a vm.Script, not for an ES module.
    format: 'cjs',
    target: 'node20',
    conditions: ['@ring/source'],
    // The sources are ES modules: their import.meta.url is this script's file URL, and their
    // dynamic imports of Node built-ins become require().
    define: { 'import.meta.url': '__ringModuleUrl' },
    banner: { js: "const __ringModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    supported: { 'dynamic-import': false },
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/**
 * Start the fresh bundle once (a lone member on 127.0.0.1, free ports), stop it gracefully after it
 * is ready, and let the bin write the code cache of everything compiled by then (see the bin).
 */
function recordCodeCache() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, '--name', 'code-cache', '--bind', '127.0.0.1:0', '--http', '127.0.0.1:0', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, RING_NODE_CODE_CACHE: 'write' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"event":"ready"')) child.kill('SIGTERM');
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(CACHE)) resolve();
      else
        reject(
          new Error(
            `ring-node build: recording the code cache failed (exit ${String(code)}, signal ${String(signal)})\n${stderr}`,
          ),
        );
    });
  });
}

export async function buildRingNode() {
  rmSync(CACHE, { force: true });
  // What earlier builds made (an ES module bundle) would only mislead.
  rmSync(fileURLToPath(new URL('../dist/ring-node.cjs', import.meta.url)), { force: true });
  await bundle();
  try {
    await recordCodeCache();
  } catch (error) {
    // The node runs without the cache (it compiles at start); the bin test reports it missing.
    process.stderr.write(`${String(error instanceof Error ? error.message : error)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildRingNode();
