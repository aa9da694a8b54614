/** Prefixes a site path with the configured `base`, so links work under a sub-path. */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}${path}`;
}

/** The absolute URL of a site path, for canonical links, feeds and cards. */
export function absoluteUrl(path: string, site: URL | undefined): string {
  if (!site) throw new Error('`site` must be set in astro.config.mjs: feeds and canonical URLs need absolute URLs');
  return new URL(withBase(path), site).href;
}
