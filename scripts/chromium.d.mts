// Types for scripts/chromium.mjs.
export declare const chromiumArgs: string[];
export declare function chromiumPath(): string;
