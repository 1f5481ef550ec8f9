import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GoPeerError } from './errors.js';

/** Where Debian installs Go sources (`golang-github-hashicorp-memberlist-dev`). Override: `RING_GOPATH`. */
export const DEFAULT_GOPATH = '/usr/share/gocode';

const SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'go');
const BUILD_TIMEOUT_MS = 170_000;

function goEnv(gopath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOPATH: gopath,
    GO111MODULE: 'off',
    CGO_ENABLED: '0',
    GOFLAGS: '',
  };
  // `go` refuses to run without a build cache location; CI shells may have no HOME.
  if (env.GOCACHE === undefined && env.XDG_CACHE_HOME === undefined && env.HOME === undefined) {
    env.GOCACHE = join(tmpdir(), 'ring-go-build-cache');
  }
  return env;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number },
) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error)
          reject(Object.assign(new Error(error.message, { cause: error }), { stdout, stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Hash of our Go sources, the toolchain version and the installed library sources we build against. */
async function sourceKey(goVersion: string, gopath: string): Promise<string> {
  const hash = createHash('sha256').update(goVersion).update(gopath);
  for (const file of (await readdir(SOURCE_DIR)).filter((f) => f.endsWith('.go')).sort()) {
    hash.update(file).update(await readFile(join(SOURCE_DIR, file)));
  }
  for (const lib of [
    'hashicorp/memberlist/state.go',
    'hashicorp/memberlist/memberlist.go',
    'hashicorp/go-msgpack/codec/msgpack.go',
  ]) {
    const s = await stat(join(gopath, 'src/github.com', lib));
    hash.update(`${lib}:${s.size}:${s.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/**
 * Builds the Go peer once per test process (and once per source hash across processes: the binary is
 * cached in `$RING_GO_PEER_CACHE`, default `<os.tmpdir()>/ring-go-peer/<hash>/go-peer`; a lock file
 * keeps parallel test workers from building twice). Resolves with the binary's path.
 *
 * @throws GoPeerError `GO_TOOLCHAIN_MISSING` when `go` is not on PATH or memberlist's sources are not
 *   under `$RING_GOPATH` (default `/usr/share/gocode`); `ERR_GO_BUILD` when the build fails.
 */
export function ensureGoPeerBuilt(): Promise<string> {
  built ??= buildGoPeer().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

/**
 * Checks that the Go toolchain and the memberlist sources the peer builds against are installed;
 * resolves with `go version`'s output.
 *
 * @param options - `gopath` (default `$RING_GOPATH` or `/usr/share/gocode`), `path` (default `$PATH`).
 * @throws GoPeerError `GO_TOOLCHAIN_MISSING` naming what is missing and how to install it.
 */
export async function checkGoToolchain(
  options: { gopath?: string; path?: string } = {},
): Promise<string> {
  const gopath = options.gopath ?? process.env.RING_GOPATH ?? DEFAULT_GOPATH;
  const env = goEnv(gopath);
  if (options.path !== undefined) env.PATH = options.path;
  const hint =
    'install them with: apt-get install golang-go golang-github-hashicorp-memberlist-dev';
  let goVersion: string;
  try {
    goVersion = (await run('go', ['version'], { env, timeoutMs: 30_000 })).stdout.trim();
  } catch (cause) {
    throw new GoPeerError(
      'GO_TOOLCHAIN_MISSING',
      `the Go toolchain is missing (\`go version\` failed); ${hint}`,
      { cause },
    );
  }
  for (const lib of [
    'hashicorp/memberlist/memberlist.go',
    'hashicorp/go-msgpack/codec/msgpack.go',
  ]) {
    if (!(await exists(join(gopath, 'src/github.com', lib)))) {
      throw new GoPeerError(
        'GO_TOOLCHAIN_MISSING',
        `Go sources missing: ${join(gopath, 'src/github.com', lib)}; ${hint}`,
      );
    }
  }
  return goVersion;
}

/**
 * For `beforeAll(prebuildGoPeer, 180_000)`: builds the peer before the tests run, so that no test pays
 * for a cold build (about 45 s) inside its own timeout. It never rejects. If the toolchain is missing
 * or the build fails, every test then fails with that error through {@link startGoPeer}. A rejecting
 * `beforeAll` would make vitest report the tests as skipped instead.
 */
export async function prebuildGoPeer(): Promise<void> {
  await ensureGoPeerBuilt().then(
    () => undefined,
    () => undefined,
  );
}

async function buildGoPeer(): Promise<string> {
  const gopath = process.env.RING_GOPATH ?? DEFAULT_GOPATH;
  const env = goEnv(gopath);
  const goVersion = await checkGoToolchain({ gopath });
  const dir = join(
    process.env.RING_GO_PEER_CACHE ?? join(tmpdir(), 'ring-go-peer'),
    await sourceKey(goVersion, gopath),
  );
  const binary = join(dir, 'go-peer');
  await mkdir(dir, { recursive: true });
  const lock = `${binary}.lock`;
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!(await exists(binary))) {
    const handle = await open(lock, 'wx').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        if (!(await exists(binary))) await goBuild(binary, env);
      } finally {
        await handle.close();
        await rm(lock, { force: true });
      }
      break;
    }
    // Another test worker is building: wait for its binary, or take over a lock it abandoned.
    const lockAge = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (lockAge > BUILD_TIMEOUT_MS) await rm(lock, { force: true });
    if (Date.now() > deadline)
      throw new GoPeerError(
        'ERR_GO_BUILD',
        `timed out waiting for another process to build ${binary}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
  return binary;
}

async function goBuild(binary: string, env: NodeJS.ProcessEnv): Promise<void> {
  const partial = `${binary}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await run('go', ['build', '-o', partial, '.'], {
      cwd: SOURCE_DIR,
      env,
      timeoutMs: BUILD_TIMEOUT_MS,
    });
  } catch (cause) {
    await rm(partial, { force: true });
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    throw new GoPeerError('ERR_GO_BUILD', `go build of ${SOURCE_DIR} failed:\n${stderr}`, {
      cause,
    });
  }
  await rename(partial, binary);
}
