// A static SPA: everything renders in the browser, nothing is prerendered but the fallback.
export const ssr = false;
export const prerender = false;
