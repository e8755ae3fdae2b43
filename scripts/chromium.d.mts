// Types for scripts/chromium.mjs.
export declare const chromiumArgs: string[];
export declare function chromiumPath(): string;
export declare const BENCH_DISABLED_FEATURES: string[];
export declare function launchWithFeaturesDisabled(chromium: import('playwright').BrowserType, features: string[]): Promise<import('playwright').Browser>;
