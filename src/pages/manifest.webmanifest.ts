import type { APIRoute } from 'astro';
import { SITE } from '../config.ts';
import { ICON_BACKGROUND, ICONS } from '../cards/icons.ts';
import { paths, withBase } from '../lib/paths.ts';

/** The web app manifest: name, colours and the icons drawn from the logo. */
export const GET: APIRoute = () => {
  const manifest = {
    name: SITE.name,
    short_name: SITE.name,
    description: SITE.description,
    lang: SITE.locale,
    start_url: withBase(paths.home()),
    scope: withBase(paths.home()),
    display: 'minimal-ui',
    background_color: '#fbfaf7',
    theme_color: ICON_BACKGROUND,
    icons: ICONS.filter((icon) => icon.purpose).map((icon) => ({
      src: withBase(paths.icon(icon.name)),
      sizes: `${icon.size}x${icon.size}`,
      type: 'image/png',
      purpose: icon.purpose,
    })),
  };
  return new Response(JSON.stringify(manifest, null, 2), { headers: { 'Content-Type': 'application/manifest+json' } });
};
