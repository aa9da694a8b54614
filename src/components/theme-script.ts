import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The inline theme script as every page carries it, minified (esbuild). Read from the project
 * root, not imported through Vite: the CSP integration hashes the same text before the build
 * starts (src/integrations/security-headers.ts).
 */
export const themeScript = transformSync(readFileSync(resolve('src/scripts/theme.js'), 'utf8'), { minify: true, target: 'es2020' }).code.trim();
