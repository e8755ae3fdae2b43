// Types for scripts/pwa.mjs (the web app manifest and service worker options).
import type { PluginOption } from 'vite';

export const PRECACHE_GLOBS: string[];
export const PRECACHE_MAX_FILE_BYTES: number;
export const RETIRING_SERVICE_WORKER: string;
export function offlineApp(): PluginOption;
