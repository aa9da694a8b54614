import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  cacheDir: string;
}

export interface IngestReport extends Omit<Plan, 'files'> {
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

/** Every existing generated entry, by path relative to `content/`. */
async function readGenerated(contentDir: string): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  for (const dir of GENERATED_DIRS) {
    const path = join(contentDir, dir);
    if (!existsSync(path)) continue;
    for (const name of await readdir(path)) {
      existing.set(`${dir}/${name}`, await readFile(join(path, name), 'utf8'));
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
  await recover(contentDir);
  const digests = await readDigests(join(contentDir, 'digests'));
  const registryPath = join(contentDir, REGISTRY_PATH);
  const registry = existsSync(registryPath) ? parseRegistry(await readFile(registryPath, 'utf8'), registryPath) : [];
  const existing = await readGenerated(contentDir);
  const plan = planArchive({
    digests,
    registry,
    manual: manualBlocks(existing, contentDir),
    derive: await createDeriver({ contentDir, cacheDir: options.cacheDir }),
  });

  const writes = new Map<string, string>();
  let unchanged = 0;
  for (const [path, text] of plan.files) {
    const before = path === REGISTRY_PATH ? (existsSync(registryPath) ? await readFile(registryPath, 'utf8') : undefined) : existing.get(path);
    if (before === text) unchanged++;
    else writes.set(path, text);
  }
  const deletes = [...existing.keys()].filter((path) => !plan.files.has(path));
  await commit(contentDir, { writes, deletes });

  const { files: _files, ...summary } = plan;
  return { ...summary, written: writes.size, deleted: deletes.length, unchanged };
}
