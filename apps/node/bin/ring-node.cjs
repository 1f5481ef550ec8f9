#!/usr/bin/env node
// ring-node: runs the built node (dist/ring-node.cjs, one bundled script) in this process, so the
// PID a supervisor holds — and signals, CPU and memory — are the node's own.
// `pnpm install` builds it; from sources, `pnpm --filter @ring/node ring-node -- <flags>`.
//
// The script is compiled with the V8 code cache the build recorded (dist/ring-node.cjs.cache):
// V8 checks that the cache matches this source and this V8, and compiles from scratch when it
// does not (a rebuilt bundle, another Node version), so a stale or missing cache only costs time.
// RING_NODE_CODE_CACHE=report prints whether the cache was used; =write (the build) records it
// at exit.
'use strict';
// CommonJS, not an ES module: Node then starts without its ES module loader, about 8 ms less per
// start (spawn -> ready of a lone node, 25 starts of each alternating).
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script, constants } = require('node:vm');

const file = join(__dirname, '..', 'dist', 'ring-node.cjs');
if (!existsSync(file)) {
  process.stderr.write(
    'ring-node: not built (dist/ring-node.cjs is missing); run `pnpm install` or `pnpm --filter @ring/node build`\n',
  );
  process.exit(1);
}
const cacheFile = `${file}.cache`;
const mode = process.env.RING_NODE_CODE_CACHE;

/** Compile the bundle (in a function, so the cache's bytes can be collected once V8 used them). */
function compile() {
  const cachedData =
    mode !== 'write' && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
    {
      filename: file,
      cachedData,
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  if (mode === 'report') {
    const state =
      cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
    process.stderr.write(`ring-node: code cache ${state}\n`);
  }
  return script;
}

const script = compile();
if (mode === 'write') {
  // At exit, the cache holds every function compiled by then: start-up, join, the first rounds.
  process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
