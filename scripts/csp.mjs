// The app's Content Security Policy: no eval, no inline scripts; shipped as a meta tag in the built page and as a header of the preview server.

/**
 * One policy for the page, its module worker and plotly. Why each source:
 * - script-src 'self': the entry, the lazily loaded plotly chunk and nothing inline or eval'd.
 * - worker-src 'self': the compute worker is a same-origin module script (Comlink needs no eval).
 * - style-src 'self' 'unsafe-inline': plotly writes its own <style> rules and style attributes
 *   while drawing; styles cannot run code, scripts stay strict.
 * - img-src data: blob:, connect-src 'self': plot export makes data/blob URLs; datasets are fetched from this origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The policy as a response header: the same, plus who may frame the app. `embed=1` links are meant for
 * iframes in course pages on any host, so any http(s) origin may frame it: the app has no login, no
 * server-side state and no action a framed click could misuse beyond starting a run on the visitor's own
 * device. Saying `*` explicitly keeps that a decision, not an accident. frame-ancestors is header-only
 * (browsers ignore it in a meta tag, with a console error), so the meta tag leaves it out; a static host
 * that sets no header allows framing the same way.
 */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors *`;

/**
 * A Vite plugin that puts the policy into the built index.html. Build only: the dev server's
 * React refresh preamble is an inline script, which the policy rightly refuses.
 */
export function contentSecurityPolicyMeta() {
  return {
    name: 'content-security-policy-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}
