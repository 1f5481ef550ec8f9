import { readFileSync } from 'node:fs';

/**
 * The `ring-node --version` line: this package's version, the memberlist protocol range it speaks
 * and the Node.js running it. The version is read from `package.json`, which sits one level above
 * both `src/` (running from sources) and `dist/` (the built bundle).
 */
export function versionText(): string {
  let version = 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // A copied bundle without its package.json still answers, with 'unknown'.
  }
  return `ring-node ${version} (memberlist protocol 1-5, Node.js ${process.version})\n`;
}
