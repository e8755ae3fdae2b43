// Where Chromium lives and the flags that give it WebGPU headless on this kind of machine.
import { existsSync } from 'node:fs';

export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Chrome's usual place. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => p && existsSync(p)) ?? '/usr/bin/chromium';
}

/**
 * Chromium features a headless bench has no use for, which cost CPU in every new window:
 * Chromium 156 preloads its omnibox popup (a WebUI page in a renderer of its own) for each window, about 1 s of
 * CPU per window on a 2-core machine, competing with the page being measured while it opens. Both features must
 * be off: with either one alone, every other window still preloads it.
 */
export const BENCH_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'PreloadTopChromeWebUI'];

/**
 * Launches Chromium headless with `chromiumArgs` and `features` disabled on top of Playwright's own disabled
 * features. Chromium keeps only the last --disable-features switch, so the extra features cannot be a second
 * switch: this reads Playwright's switch from a first browser's command line and launches with the two merged.
 */
export async function launchWithFeaturesDisabled(chromium, features) {
  const options = { executablePath: chromiumPath(), args: chromiumArgs, headless: true };
  // the browser gives its command line over CDP only to an automation session
  const probe = await chromium.launch({ ...options, args: [...chromiumArgs, '--enable-automation'] });
  let defaults;
  try {
    const cdp = await probe.newBrowserCDPSession();
    const { arguments: argv } = await cdp.send('Browser.getBrowserCommandLine');
    defaults = argv.filter((a) => a.startsWith('--disable-features='));
  } finally {
    await probe.close();
  }
  if (defaults.length > 1) throw new Error(`Chromium was launched with ${defaults.length} --disable-features switches; expected one`);
  const own = defaults[0]?.slice('--disable-features='.length).split(',').filter(Boolean) ?? [];
  const merged = `--disable-features=${[...new Set([...own, ...features])].join(',')}`;
  return chromium.launch({ ...options, args: [...chromiumArgs, merged], ignoreDefaultArgs: defaults });
}
