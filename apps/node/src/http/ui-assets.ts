import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One static file of the dashboard. */
export interface UiAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The dashboard's files: request path (under `/ui/`) → file name in the package's `ui/` folder. */
export const UI_FILES: Readonly<Record<string, { file: string; contentType: string }>> = {
  '': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  'index.html': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  'dashboard.css': { file: 'dashboard.css', contentType: 'text/css; charset=utf-8' },
  'dashboard.js': { file: 'dashboard.js', contentType: 'text/javascript; charset=utf-8' },
};

/**
 * The package root of `@ring/node`: the nearest folder above `from` holding its package.json. The
 * same answer whether the code runs from `src/http/` (tsx) or from a build in `dist/http/`.
 *
 * @param from - a file or folder inside the package. @default this module
 * @throws Error when no such folder exists (a broken install).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (parsed.name === '@ring/node') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no @ring/node package.json above ${from}`);
    dir = parent;
  }
}

/**
 * Loads the dashboard's files from `<package root>/ui` once, on first use, and serves them from
 * memory. Only the names in {@link UI_FILES} exist: no path from a request reaches the file system.
 */
export class UiAssets {
  #dir: string | undefined;
  readonly #cache = new Map<string, UiAsset>();

  /** @param dir - the folder holding the files. @default `<package root>/ui`, found on first use */
  constructor(dir?: string) {
    this.#dir = dir;
  }

  /**
   * The folder the files are read from.
   *
   * @throws Error when the package root cannot be found (a broken install).
   */
  get dir(): string {
    this.#dir ??= join(packageRoot(), 'ui');
    return this.#dir;
  }

  /**
   * The asset for a path under `/ui/` (`''` is the page itself), or undefined for any other name.
   *
   * @param name - the part of the path after `/ui/`.
   * @throws Error when a listed file is missing from the package (a broken install); only the
   *   dashboard's own requests see it, the API is unaffected.
   */
  get(name: string): UiAsset | undefined {
    const spec = Object.hasOwn(UI_FILES, name) ? UI_FILES[name] : undefined;
    if (spec === undefined) return undefined;
    let asset = this.#cache.get(spec.file);
    if (asset === undefined) {
      asset = { body: readFileSync(join(this.dir, spec.file)), contentType: spec.contentType };
      this.#cache.set(spec.file, asset);
    }
    return asset;
  }
}
