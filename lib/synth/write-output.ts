import * as fs from 'node:fs';
import * as path from 'node:path';
import { RenderedFiles } from './render';

/**
 * Replaces the folder `target` with exactly `files`, all or nothing.
 *
 * The files are written into a sibling folder first, which then takes the place of `target` by
 * two renames on the same file system. A failure before that leaves `target` untouched, and files
 * of removed environments or resources disappear because nothing of the old folder is kept.
 */
export function writeOutput(files: RenderedFiles, target: string, isOwnFile: (relative: string) => boolean = (f) => f.endsWith('.yaml')): void {
  const absolute = path.resolve(target);
  refuseForeignContent(absolute, isOwnFile);
  const parent = path.dirname(absolute);
  fs.mkdirSync(parent, { recursive: true });

  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(absolute)}.new-`));
  try {
    fs.chmodSync(staging, 0o755); // mkdtemp creates 0700
    for (const [relative, content] of files) {
      const file = path.join(staging, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }

  const previous = fs.existsSync(absolute) ? `${staging.replace('.new-', '.old-')}` : undefined;
  if (previous) fs.renameSync(absolute, previous);
  fs.renameSync(staging, absolute);
  if (previous) fs.rmSync(previous, { recursive: true, force: true });
}

/**
 * The output folder is replaced as a whole, so it must hold nothing but earlier output: a
 * misconfigured output folder (`docs`, `clusters`, `.github`) would otherwise be wiped without a
 * word. `isOwnFile` says which relative paths an earlier synth could have written.
 */
function refuseForeignContent(folder: string, isOwnFile: (relative: string) => boolean): void {
  if (!fs.existsSync(folder)) return;
  if (!fs.statSync(folder).isDirectory()) throw new Error(`refusing to replace "${folder}": it is a file, not an output folder`);

  const walk = (dir: string): string | undefined => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = walk(full);
        if (found) return found;
      } else if (!entry.isFile() || !isOwnFile(path.relative(folder, full).split(path.sep).join('/'))) {
        return full;
      }
    }
    return undefined;
  };
  const foreign = walk(folder);
  if (foreign) {
    throw new Error(`refusing to replace "${folder}": it holds "${path.relative(folder, foreign)}", which synth never writes; ` +
      'the output folder must hold only what synth writes (check outputFolder in the catalogue)');
  }
}
