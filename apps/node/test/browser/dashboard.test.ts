/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The dashboard in a real browser: Debian's headless Chromium against a 3-member ring-node cluster
// on 127.0.0.1 (in-process, `local` timing). Run with `pnpm test:browser`.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLocalCluster } from '../../src/local-cluster.js';
import type { LocalCluster } from '../../src/local-cluster.js';
import { launchChromium } from './chromium.js';
import type { Browser } from './chromium.js';

let cluster: LocalCluster;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  cluster = await startLocalCluster({ write: () => undefined, log: () => undefined });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cluster?.stop();
}, 120_000);

/** The state the page shows for a member ('' when it has no row). */
const stateOnPage = (name: string): Promise<string> =>
  page.evaluate(
    (n) =>
      document.querySelector<HTMLElement>(`#members tbody tr[data-member="${n}"]`)?.dataset.state ??
      '',
    name,
  );

describe('dashboard in headless Chromium (3 ring-nodes on 127.0.0.1)', () => {
  it('shows all three members, explains a key like /v1/lookup, turns a killed member suspect then dead, with no console errors', async () => {
    const [n1, , n3] = cluster.nodes as [
      (typeof cluster.nodes)[number],
      (typeof cluster.nodes)[number],
      (typeof cluster.nodes)[number],
    ];
    const base = `http://${n1.httpAddress!}`;
    const response = await page.goto(`${base}/ui/`);
    expect(response?.status()).toBe(200);

    // The member table fills from the SSE snapshot: three members, all alive.
    await page.waitForFunction(
      () => document.querySelectorAll('#members tbody tr[data-state="alive"]').length === 3,
      null,
      { timeout: 20_000 },
    );
    const names = await page.$$eval('#members tbody tr', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.member),
    );
    expect(names).toEqual(['node-1', 'node-2', 'node-3']);
    await page.waitForFunction(() => document.getElementById('connection')?.textContent === 'live');
    // The ring picture has arcs for every member; the partition grid is drawn.
    await page.waitForFunction(
      () =>
        new Set(
          [...document.querySelectorAll('#ring path.arc')].map((p) => p.getAttribute('data-owner')),
        ).size === 3,
      null,
      { timeout: 20_000 },
    );
    expect(await page.locator('#partitions .pcell').count()).toBe(16 * 2);

    // The key box shows the owner /v1/lookup gives.
    for (const key of ['user:42', 'cart:7', 'hello']) {
      const lookup = (await (
        await fetch(`${base}/v1/lookup?key=${encodeURIComponent(key)}`)
      ).json()) as {
        owner: { name: string };
      };
      await page.fill('#key-input', key);
      await page.click('#key-button');
      await page.waitForFunction(
        (want) => document.getElementById('key-owner')?.textContent === want,
        lookup.owner.name,
        { timeout: 10_000 },
      );
      expect(await page.textContent('#key-owner')).toBe(lookup.owner.name);
    }
    // Every member has an RTT once probed.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#members tbody tr')]
          .filter((r) => !r.textContent?.includes('(this node)'))
          .every((r) => /ms/.test((r as HTMLTableRowElement).cells[6]?.textContent ?? '')),
      null,
      { timeout: 20_000 },
    );

    // Count the partition cells that start an acquire/release animation from here on.
    await page.evaluate(() => {
      const w = window as unknown as { ringAnimated: number };
      w.ringAnimated = 0;
      new MutationObserver((records) => {
        for (const r of records) {
          const cell = r.target as HTMLElement;
          if (cell.classList.contains('acquire') || cell.classList.contains('release'))
            w.ringAnimated++;
        }
      }).observe(document.getElementById('partitions')!, {
        subtree: true,
        attributes: true,
        attributeFilter: ['class'],
      });
    });
    const ownedBy3 = await page.locator('#partitions .pcell[data-owner="node-3"]').count();
    expect(ownedBy3).toBeGreaterThan(0);

    // Kill node-3: its gossip stops without a leave (as after SIGKILL).
    await n3.swim.shutdown();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('#members tbody tr[data-member="node-3"]')?.dataset
          .state === 'suspect',
      null,
      { timeout: 30_000 },
    );
    expect(await stateOnPage('node-3')).toBe('suspect');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('#members tbody tr[data-member="node-3"]')?.dataset
          .state === 'dead',
      null,
      { timeout: 60_000 },
    );
    expect(await stateOnPage('node-3')).toBe('dead');
    expect(await stateOnPage('node-1')).toBe('alive');
    expect(await stateOnPage('node-2')).toBe('alive');
    // The event feed recorded both steps, in order.
    const feed = await page.$$eval('#events li[data-member="node-3"]', (items) =>
      items.map((li) => (li as HTMLElement).dataset.type).reverse(),
    );
    expect(feed.indexOf('suspect')).toBeGreaterThanOrEqual(0);
    expect(feed.indexOf('leave')).toBeGreaterThan(feed.indexOf('suspect'));
    // node-3's slots moved to the survivors, and the grid animated the change.
    await page.waitForFunction(
      () => document.querySelectorAll('#partitions .pcell[data-owner="node-3"]').length === 0,
      null,
      { timeout: 10_000 },
    );
    expect(
      await page.evaluate(() => (window as unknown as { ringAnimated: number }).ringAnimated),
    ).toBeGreaterThanOrEqual(ownedBy3);
    // The ring lost node-3's arcs.
    await page.waitForFunction(
      () => document.querySelectorAll('#ring path.arc[data-owner="node-3"]').length === 0,
      null,
      { timeout: 10_000 },
    );
    // Clicking the row explains the member: its history shows the suspicion and the death.
    await page.click('#members tbody tr[data-member="node-3"]');
    await page.waitForFunction(
      () => {
        const kinds = [...document.querySelectorAll('#member-history tbody tr')].map(
          (r) => (r as HTMLTableRowElement).cells[1]?.textContent,
        );
        return kinds.includes('suspect') && kinds.includes('dead');
      },
      null,
      { timeout: 10_000 },
    );
    expect(await page.textContent('#member-name')).toBe('node-3');
    const shot = process.env.RING_DASHBOARD_SCREENSHOT;
    if (shot !== undefined) {
      mkdirSync(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(consoleErrors).toEqual([]);
  }, 150_000);
});
