/**
 * A copy of the project that is its own git repository, for running promote against real tags and
 * a real history of the catalogue file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPromote } from '../../lib/cli/promote';
import { CATALOGUE, ENVIRONMENTS } from '../../lib/environments';
import { render } from '../../lib/synth/render';
import { writeOutput } from '../../lib/synth/write-output';
import { copyProject } from '../helpers/project-copy';

/** The pins a copy starts from, whatever the real catalogue holds today. */
export const PINS: Record<string, string> = { dev: '~1.2.0', staging: '>=1.0.0 <2.0.0', prod: '1.2.3' };

export const CATALOGUE_FILE = path.join('lib', 'environments.ts');

/** A copy of the project with {@link PINS} in its catalogue and its dist/ synthesized from them. */
export function pinnedProject(): string {
  const copy = copyProject();
  const file = path.join(copy, CATALOGUE_FILE);
  let source = fs.readFileSync(file, 'utf8');
  for (const env of ENVIRONMENTS) {
    const at = source.indexOf(`name: '${env.name}'`);
    const literal = `semver: '${env.semver}'`;
    const start = source.indexOf(literal, at);
    source = `${source.slice(0, start)}semver: '${PINS[env.name]}'${source.slice(start + literal.length)}`;
  }
  fs.writeFileSync(file, source);
  const pinned = { ...CATALOGUE, environments: ENVIRONMENTS.map((e) => ({ ...e, semver: PINS[e.name] })) };
  writeOutput(render(pinned).files, path.join(copy, 'dist'));
  fs.writeFileSync(path.join(copy, '.gitignore'), 'node_modules\n');
  return copy;
}

/** Runs promote in-process on the project in `dir`, collecting its output. */
export function promoteIn(dir: string, argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runPromote([...argv, '--project', dir], { out: (l) => out.push(l), err: (l) => err.push(l), color: false });
  return { code, out, err };
}

/** Every file below `dir` except .git and node_modules, as raw bytes. */
export function snapshotOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full);
    if (!entry.isFile() || /^(\.git|node_modules)(\/|$)/.test(relative)) continue;
    files.set(relative, fs.readFileSync(full).toString('latin1'));
  }
  return files;
}

/** The `semver` text of one entry of the catalogue in `dir`, quotes included. */
export function pinIn(dir: string, env: string): string {
  const source = fs.readFileSync(path.join(dir, CATALOGUE_FILE), 'utf8');
  const match = /semver: ([^,\n]+),/.exec(source.slice(source.indexOf(`name: '${env}'`)));
  return match![1];
}
