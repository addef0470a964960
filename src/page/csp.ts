/**
 * The Content-Security-Policy of every page kaitei writes for readers: only
 * the edition's own files (scripts, styles, fonts, images) and `data:`
 * images; nothing from the network, no inline script or style. A remote
 * `<img>` in raw HTML (warned about at build time) is blocked by the
 * browser, on a closed network or not. Works from `file://` too. Pages put
 * it in their `<head>` through page/shell.ts.
 */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self'; base-uri 'none'; form-action 'none'"
