// The Content-Security-Policy of the app's pages: only the bundle itself, no remote origin at all.
// The practice server is left out on purpose: only the core talks to CouchDB.
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
