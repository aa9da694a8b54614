/**
 * Builds the bundled archive once for every site test, the way a maintainer does
 * (`npm run build`: ingest, Astro, Pagefind), twice: at the domain root and under
 * a sub-path, so every test can check both.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/** Where the test builds go; set it to build side by side with another test run. */
export const SITE_ROOT = resolve(process.env.DAYBOOK_TEST_SITE ?? '.cache/test-site');
export const BASE_PATH = '/daybook/';

declare module 'vitest' {
  export interface ProvidedContext {
    rootDist: string;
    baseDist: string;
    basePath: string;
  }
}

/**
 * The environment for a child build: vitest copies Vite's `import.meta.env` (BASE_URL, MODE,
 * DEV, PROD, SSR) into process.env, and Astro would take BASE_URL=/ over the configured base.
 */
export function buildEnv(): NodeJS.ProcessEnv {
  const { BASE_URL: _base, MODE: _mode, DEV: _dev, PROD: _prod, SSR: _ssr, ...env } = process.env;
  return env;
}

function build(outDir: string, base: string): void {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync('npm', ['run', '--silent', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...buildEnv(), DAYBOOK_OUT: outDir, DAYBOOK_CACHE: `${outDir}.astro-cache`, DAYBOOK_BASE: base, ASTRO_TELEMETRY_DISABLED: '1' },
  });
}

export default function setup(project: TestProject): void {
  const rootDist = join(SITE_ROOT, 'root');
  const baseDist = join(SITE_ROOT, 'base');
  if (!process.env.DAYBOOK_SKIP_BUILD) {
    build(rootDist, '/');
    build(baseDist, BASE_PATH);
  }
  project.provide('rootDist', rootDist);
  project.provide('baseDist', baseDist);
  project.provide('basePath', BASE_PATH);
}
