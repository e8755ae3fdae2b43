// Types for scripts/csp.mjs (the app's Content Security Policy and its Vite plugin).
import type { Plugin } from 'vite';

export const CONTENT_SECURITY_POLICY: string;
export const CONTENT_SECURITY_POLICY_HEADER: string;
export function contentSecurityPolicyMeta(): Plugin;
