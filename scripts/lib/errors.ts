/** Errors as the one line a run prints (`error: …`): a file-system error names its path and what went wrong. */

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder where a file was expected',
  ENOTDIR: 'is a file where a folder was expected',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** A file-system error as `path: what went wrong (CODE)`, or undefined for an error that names no path. */
export function describeSystemError(error: NodeJS.ErrnoException): string | undefined {
  if (!error.code || !error.path) return undefined;
  const words = ERRNO_WORDS[error.code] ?? error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${error.path}: ${words} (${error.code})`;
}

/** The words for an errno code (`ENOSPC` → "no space left on the device"), or the code itself. */
export const errnoWords = (code: string): string => ERRNO_WORDS[code] ?? code;

/** A message that already names its file (`path: …` or `path:line: …`), as the archive modules write them. */
export function namesAFile(message: string): boolean {
  return /^[^\s:]+(?::\d+)*: \S/.test(message);
}

/** `error` with `path` as the file it concerns, when the system gave none (a write on an open file names no path). */
export function withPath(error: unknown, path: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (errno instanceof Error && errno.code && !errno.path) errno.path = path;
  return error;
}
