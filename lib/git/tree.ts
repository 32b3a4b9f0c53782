/**
 * What a commit's tree holds, asked for many `commit:path` pairs in one `git cat-file` call each
 * however many pairs there are.
 */
import { git, gitBuffer } from './run';

/** One path as of one commit. */
export interface PathAtCommit {
  readonly commit: string;
  /** relative to the repository root, with `/` separators */
  readonly path: string;
}

function queries(pairs: readonly PathAtCommit[]): string {
  return pairs.map((p) => `${p.commit}:${p.path}\n`).join('');
}

/**
 * For each pair, whether the path exists in that commit's tree. A path that names a file rather
 * than a folder does not count: Flux needs a folder.
 */
export function foldersExist(repoDir: string, pairs: readonly PathAtCommit[]): boolean[] {
  if (pairs.length === 0) return [];
  const answers = git(repoDir, ['cat-file', '--batch-check=%(objecttype)'], queries(pairs)).split('\n');
  // a missing object is reported as "<query> missing", so only an exact "tree" means present
  return pairs.map((_, i) => answers[i] === 'tree');
}

/** For each pair, the file's content as UTF-8 text, or undefined when the commit has no such path. */
export function readFiles(repoDir: string, pairs: readonly PathAtCommit[]): Array<string | undefined> {
  if (pairs.length === 0) return [];
  return splitBatch(gitBuffer(repoDir, ['cat-file', '--batch'], queries(pairs)), pairs.length);
}

/**
 * Splits `git cat-file --batch` output into the content of each requested object. Each answer is
 * a header line `<hash> <type> <size>` followed by exactly `size` bytes and a newline, so the
 * output is cut by byte counts, never by searching for newlines inside content.
 */
function splitBatch(output: Buffer, count: number): Array<string | undefined> {
  const contents: Array<string | undefined> = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const newline = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    if (header.endsWith(' missing')) {
      contents.push(undefined);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    contents.push(output.subarray(offset, offset + size).toString('utf8'));
    offset += size + 1;
  }
  return contents;
}
