// Renders the app icons (public/icons/*.png) from their SVG sources in headless Chromium: `node scripts/make-icons.mjs`.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { chromiumPath } from './chromium.mjs';

const DIR = new URL('../public/icons/', import.meta.url);

/** Each PNG the manifest and index.html name, with its SVG source and edge in pixels. */
const ICONS = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  // iOS ignores the manifest's icons and masks this one itself, so it gets the full-bleed art
  { svg: 'icon-maskable.svg', png: 'apple-touch-icon.png', size: 180 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true });
try {
  for (const { svg, png, size } of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const source = readFileSync(new URL(svg, DIR)).toString('base64');
    await page.setContent(
      `<body style="margin:0"><img alt="" width="${size}" height="${size}" src="data:image/svg+xml;base64,${source}"></body>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    // transparent outside the rounded square, so the icon keeps its corners on any background
    await page.screenshot({ path: new URL(png, DIR).pathname, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`${png}: ${size}×${size} from ${svg}`);
  }
} finally {
  await browser.close();
}
