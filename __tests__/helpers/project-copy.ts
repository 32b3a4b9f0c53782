import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');

/**
 * Copies what synth needs into a fresh temporary folder (node_modules is linked, not copied), so
 * a test can run the real app or CLI there without touching the project's own dist/.
 */
export function copyProject(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'project-copy-'));
  for (const entry of ['main.ts', 'lib', 'imports', 'dist', 'cdk8s.yaml', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(target, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(target, 'node_modules'), 'dir');
  return target;
}

/** Every file below `root` with its content, keyed by forward-slash relative path. */
export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}
