#!/usr/bin/env node
// Builds ring-node into one ES module, dist/ring-node.mjs, straight from the TypeScript sources of
// this app and of the @ring/* packages (the "@ring/source" export condition), so nothing else has
// to be built first. One file loads faster and holds less memory than ~100 modules, and the bin
// (bin/ring-node.mjs) imports it in-process: the PID a supervisor holds is the node.
//
// Run by `pnpm install` (the root `prepare` script), `pnpm --filter @ring/node build`, and the
// Vitest global setup, so tests always run the current sources. Takes well under a second.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildRingNode() {
  await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/ring-node.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@ring/source'],
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildRingNode();
