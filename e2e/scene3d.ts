// Checks that a page's 3-D plot drew into the scene prepared while the page was idle (src/ui/plots/prepared3dScene.ts) and shows its data.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import PERF_MARK_NAMES from '../src/runner/perfMarkNames.json' with { type: 'json' };
import { SCENE_FRAME_ANCHOR_UID } from '../src/experiments/framework/sceneFrame';

/**
 * Counts the WebGL programs the page links (call before the page loads): a 3-D draw that links one has built new
 * axes or trace objects, whose first frame a software GPU spends compiling (sceneFrame.ts). Read with programsLinked.
 */
export async function countProgramLinks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __programLinks: number };
    w.__programLinks = 0;
    for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
      const link = proto.linkProgram;
      proto.linkProgram = function (this: WebGLRenderingContext, program: WebGLProgram) {
        w.__programLinks++;
        return link.call(this, program);
      };
    }
  });
}

/** The WebGL programs linked since the page loaded (countProgramLinks). */
export function programsLinked(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __programLinks: number }).__programLinks);
}

/**
 * Waits until the page has prepared its 3-D scene (as a reader does, reading the card before pressing Run); returns
 * the width it was made at.
 */
export async function scenePrepared(page: Page): Promise<number> {
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, PERF_MARK_NAMES.scene3dReady, { timeout: 60_000 });
  const kept = page.locator('body > .js-plotly-plot[aria-hidden="true"]');
  expect(await kept.count()).toBe(1);
  return kept.evaluate((node) => node.getBoundingClientRect().width);
}

/**
 * The plot `id` drew into the prepared scene, at its area's width, and it was the page's only 3-D scene (none kept
 * off screen, none made by the run); `preparedWidth` (scenePrepared's), where given, is that width too: the scene
 * was made at the size its plot draws it. Returns the number of points its traces hold.
 */
export async function expectPreparedScene(page: Page, id: string, preparedWidth?: number): Promise<number> {
  const graph = page.locator(`[data-testid="plot-${id}"] .plot-area > .plot-graph`);
  await expect(graph).toHaveAttribute('data-prepared-scene', 'true');
  await expect(graph.locator('.gl-container canvas').first()).toBeAttached();
  const facts = await graph.evaluate((node, anchor) => ({
    areaWidth: node.parentElement!.clientWidth,
    drawnWidth: node.querySelector('.main-svg')!.getBoundingClientRect().width,
    // the frame's anchor (two points at the box's corners, drawn at size 0) is not data
    points: ((node as unknown as { data: { x: unknown[]; uid?: string }[] }).data ?? []).filter((t) => t.uid !== anchor).reduce((n, t) => n + t.x.length, 0),
    scenes: document.querySelectorAll('.plot-graph[data-scene3d="true"]').length,
    kept: document.querySelectorAll('body > .js-plotly-plot[aria-hidden="true"]').length,
  }), SCENE_FRAME_ANCHOR_UID);
  expect(Math.abs(facts.drawnWidth - facts.areaWidth)).toBeLessThanOrEqual(1);
  if (preparedWidth !== undefined) expect(Math.abs(preparedWidth - facts.areaWidth), 'the scene was made at its plot\'s width').toBeLessThanOrEqual(1);
  expect([facts.scenes, facts.kept]).toEqual([1, 0]);
  return facts.points;
}
