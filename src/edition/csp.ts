/**
 * The Content-Security-Policy of every page kaitei writes for readers: only
 * the edition's own files (scripts, styles, fonts, images) and `data:`
 * images; nothing from the network, no inline script or style. A remote
 * `<img>` in raw HTML (warned about at build time) is blocked by the
 * browser, on a closed network or not. Works from `file://` too.
 */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self'; base-uri 'none'; form-action 'none'"

/** The policy as a `<meta>` element for a page's `<head>`. */
export const cspMeta = '<meta http-equiv="Content-Security-Policy" content="' + contentSecurityPolicy + '">'

/** `html` with the policy in its `<head>` (a site theme's template may not have the `{{{csp}}}` slot). */
export function withCsp(html: string): string {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html
  return html.replace(/<head\b[^>]*>/i, (head) => head + '\n' + cspMeta)
}
