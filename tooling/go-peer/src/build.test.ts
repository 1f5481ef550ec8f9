import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGoToolchain, ensureGoPeerBuilt } from './build.js';
import { GoPeerError } from './errors.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ring-go-build-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('checkGoToolchain', () => {
  it('reports the installed go version', async () => {
    expect(await checkGoToolchain()).toMatch(/^go version go1\.\d+/);
  });

  it('fails with GO_TOOLCHAIN_MISSING when go is not on PATH', async () => {
    const error = await checkGoToolchain({ path: scratch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoPeerError);
    expect((error as GoPeerError).code).toBe('GO_TOOLCHAIN_MISSING');
    expect((error as GoPeerError).message).toContain('apt-get install golang-go');
  });

  it('fails with GO_TOOLCHAIN_MISSING when the memberlist sources are missing', async () => {
    const error = await checkGoToolchain({ gopath: scratch }).catch((e: unknown) => e);
    expect((error as GoPeerError).code).toBe('GO_TOOLCHAIN_MISSING');
    expect((error as GoPeerError).message).toContain(
      join(scratch, 'src/github.com/hashicorp/memberlist'),
    );
  });
});

describe('ensureGoPeerBuilt', () => {
  it('builds one executable and returns it on every call', async () => {
    const [first, second] = await Promise.all([ensureGoPeerBuilt(), ensureGoPeerBuilt()]);
    expect(second).toBe(first);
    expect(first).toMatch(/[0-9a-f]{16}\/go-peer$/);
    expect((await stat(first)).mode & 0o111).not.toBe(0);
    expect(await ensureGoPeerBuilt()).toBe(first);
  }, 180_000);
});
