import * as path from 'node:path';

/**
 * Normalizes a Kustomization spec.path to the `./relative/folder` form Flux documents.
 * Windows separators are refused rather than rewritten (`dist\prod` gives "path not found" in
 * Flux, and silently fixing it would hide the mistake in the source), a path may never leave the
 * repository, and a leading dot of a hidden folder (`.gitops/prod`) is kept.
 * Returns the normalized path, or [problem, expected].
 */
export function normalizeKustomizationPath(value: unknown): string | [string, string] {
  const expected = 'a relative folder inside the repository written with forward slashes, e.g. "./dist/prod/azure"';
  if (typeof value !== 'string' || value.trim().length === 0) return ['is empty', expected];
  if (value.includes('\\')) return ['uses backslashes', expected];
  if (path.posix.isAbsolute(value)) return ['is absolute', expected];

  const normalized = path.posix.normalize(value);
  if (normalized === '..' || normalized.startsWith('../')) return ['leaves the repository', expected];
  if (normalized === '.') return ['is the repository root', expected];
  return `./${normalized.replace(/\/$/, '')}`;
}
