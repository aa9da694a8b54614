import { transformSync } from 'esbuild';
import source from '../scripts/theme.js?raw';

/**
 * The theme script as pages carry it: minified once per build (esbuild), so the ~2 KB of
 * readable source costs under 1 KB in each of the archive's pages. Its hash goes into the CSP.
 */
export const themeScript = transformSync(source, { minify: true, target: 'es2020' }).code.trim();
