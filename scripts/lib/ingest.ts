import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { planArchive, REGISTRY_PATH } from '../../src/lib/archive/plan.ts';
import type { Plan } from '../../src/lib/archive/plan.ts';
import { readManualOverrides } from '../../src/lib/archive/entries.ts';
import { parseRegistry } from '../../src/lib/archive/registry.ts';
import { dateFromFileName, findDuplicateDates, readDigest } from '../../src/lib/digest/index.ts';
import type { Digest } from '../../src/lib/digest/types.ts';
import type { ManualOverrides } from '../../src/lib/schema.ts';
import { createDeriver } from './derive.ts';
import { withIngestLock } from './lock.ts';
import { commit, recover } from './transaction.ts';

export interface IngestOptions {
  contentDir: string;
  /** Derived data kept between runs (related-paper index); default `.cache/daybook` beside `contentDir`. */
  cacheDir?: string | undefined;
}

export interface IngestReport extends Omit<Plan, 'files'> {
  /** Seconds spent in each stage. */
  timings: Record<string, number>;
  written: number;
  deleted: number;
  unchanged: number;
}

/** Folders of generated entries: every file in them is ingest's to write or remove. */
const GENERATED_DIRS = ['papers', 'days'];

/** Reads every digest; the first bad one stops the run before anything is written. */
async function readDigests(digestDir: string): Promise<Digest[]> {
  const names = (await readdir(digestDir)).filter((n) => !n.startsWith('.')).sort();
  const files = names.map((name) => join(digestDir, name));
  const [duplicate] = findDuplicateDates(files);
  if (duplicate) throw duplicate;
  const digests: Digest[] = [];
  for (const file of files) {
    const date = dateFromFileName(file);
    digests.push(readDigest(file, await readFile(file), date));
  }
  return digests;
}

/**
 * Every existing generated entry, by path relative to `content/`. Read synchronously: tens of
 * thousands of small files, one awaited read after another, took 20 s at 75,000 papers.
 */
function readGenerated(contentDir: string): Map<string, string> {
  const existing = new Map<string, string>();
  for (const dir of GENERATED_DIRS) {
    const path = join(contentDir, dir);
    if (!existsSync(path)) continue;
    for (const name of readdirSync(path)) {
      existing.set(`${dir}/${name}`, readFileSync(join(path, name), 'utf8'));
    }
  }
  return existing;
}

function manualBlocks(existing: Map<string, string>, contentDir: string): Map<string, ManualOverrides> {
  const manual = new Map<string, ManualOverrides>();
  for (const [path, text] of existing) {
    const match = /^papers\/(.+)\.md$/.exec(path);
    if (!match?.[1]) continue;
    const overrides = readManualOverrides(text, join(contentDir, path));
    if (overrides) manual.set(match[1], overrides);
  }
  return manual;
}

/** Converts all digests and commits the changed entries atomically. */
export function ingest(options: IngestOptions): Promise<IngestReport> {
  return withIngestLock(options.contentDir, () => ingestLocked(options));
}

async function ingestLocked(options: IngestOptions): Promise<IngestReport> {
  const { contentDir } = options;
  const cacheDir = options.cacheDir ?? join(dirname(resolve(contentDir)), '.cache', 'daybook');
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[stage] = Math.round(performance.now() - start) / 1000 + (timings[stage] ?? 0);
    return result;
  };

  await recover(contentDir);
  const digests = await timed('read digests', () => readDigests(join(contentDir, 'digests')));
  const registryPath = join(contentDir, REGISTRY_PATH);
  const registry = existsSync(registryPath) ? parseRegistry(await readFile(registryPath, 'utf8'), registryPath) : [];
  const existing = await timed('read entries', () => readGenerated(contentDir));
  const derive = await createDeriver({ contentDir, cacheDir, timings });
  const plan = await timed('plan', () => planArchive({ digests, registry, manual: manualBlocks(existing, contentDir), derive }));

  const writes = new Map<string, string>();
  let unchanged = 0;
  for (const [path, text] of plan.files) {
    const before = path === REGISTRY_PATH ? (existsSync(registryPath) ? await readFile(registryPath, 'utf8') : undefined) : existing.get(path);
    if (before === text) unchanged++;
    else writes.set(path, text);
  }
  const deletes = [...existing.keys()].filter((path) => !plan.files.has(path));
  await timed('commit', () => commit(contentDir, { writes, deletes }));
  await derive.saveCache();

  const { files: _files, ...summary } = plan;
  return { ...summary, timings, written: writes.size, deleted: deletes.length, unchanged };
}
