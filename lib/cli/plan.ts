/**
 * `npm run plan [-- --repo DIR] [--json]`
 *
 * Answers "what does every environment run right now, and would Flux manage to apply it?" from
 * the catalogue and the repository's tags: the tag and commit each `semver` range selects (Flux's
 * rules), the revision Flux will report, whether the environment's payload folder exists in that
 * tag's tree, and how many commits on the current branch changed that folder since the tag.
 * Environments are listed in PROMOTION_ORDER, then any the order leaves out, with a warning.
 *
 * Exit codes: 0 every environment resolves to a tag that holds its payload folder (warnings do not
 * count), 1 some environment would fail in Flux or the repository cannot be read, 2 the command
 * line itself is wrong.
 */
import pc from 'picocolors';
import { Catalogue } from '../catalogue';
import { CATALOGUE } from '../environments';
import { repositoryRoot } from '../git/repository';
import { GitError } from '../git/run';
import { EnvironmentPlan, inPromotionOrder, orderWarnings, payloadPaths, planEnvironments } from '../promotion/plan';
import { CliIO, explainFolders, folderOption, parseOptions, processIO, readCommandLine } from './io';

// the plan's shape is part of this command's --json contract
export type { EnvironmentPlan } from '../promotion/plan';

/** Where output goes; tests pass their own to run the command in-process. */
export interface PlanIO extends CliIO {
  /**
   * The folder the command was run from: a relative --repo resolves from it, and its repository is
   * read when --repo is not given.
   */
  readonly cwd: string;
  /**
   * The environments to plan.
   *
   * @default - the project's catalogue (lib/environments.ts)
   */
  readonly catalogue?: Catalogue;
}

const USAGE = 'usage: npm run plan [-- --repo DIR] [--json]';

function parse(argv: string[]): { repo?: string; json: boolean; help: boolean } {
  const parsed = parseOptions({
    args: argv,
    allowPositionals: false,
    options: {
      repo: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return { repo: parsed.values.repo, json: parsed.values.json === true, help: parsed.values.help === true };
}

/** Pads a cell to `width` and colours only its text, so colour codes never break alignment. */
function cell(text: string, width: number, colour: (s: string) => string = (s) => s): string {
  return colour(text) + ' '.repeat(Math.max(0, width - text.length));
}

function printTable(plans: readonly EnvironmentPlan[], io: PlanIO): void {
  const c = pc.createColors(io.color);
  const header = ['env', 'range', 'tag', 'commit', 'path ok', 'unreleased'];
  const rows = plans.map((p) => [
    p.name,
    p.constraint,
    p.tag ?? '-',
    p.commit?.slice(0, 7) ?? '-',
    p.pathExists === null ? '-' : p.pathExists ? 'yes' : 'no',
    p.unreleasedCommits === null ? '-' : String(p.unreleasedCommits),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.join('  ').trimEnd();

  io.out(line(header.map((h, i) => cell(h, widths[i], c.bold))));
  plans.forEach((p, r) => {
    const row = rows[r];
    const colours: Array<(s: string) => string> = [
      c.bold,
      (s) => s,
      p.tag === null ? c.red : (s) => s,
      c.dim,
      p.pathExists === false ? c.red : p.pathExists ? c.green : (s) => s,
      p.unreleasedCommits ? c.yellow : (s) => s,
    ];
    io.out(line(row.map((text, i) => cell(text, i === row.length - 1 ? 0 : widths[i], colours[i]))));
  });

  for (const p of plans) for (const w of p.warnings) io.out(`${c.yellow('warning:')} ${p.name}: ${w}`);
  for (const p of plans) if (p.error !== null) io.out(`${c.red('error:')} ${p.name}: ${p.error}`);
}

/** Runs the command; returns the exit code instead of exiting so tests can call it in-process. */
export function runPlan(argv: string[], io: PlanIO = processIO()): number {
  const args = readCommandLine(() => parse(argv), USAGE, io);
  if (typeof args === 'number') return args;

  const catalogue = io.catalogue ?? CATALOGUE;
  const paths = payloadPaths(catalogue);
  const repoOption = args.repo === undefined ? undefined : folderOption('--repo', args.repo, io.cwd);
  let plans: EnvironmentPlan[];
  try {
    plans = planEnvironments(catalogue, repoOption?.path ?? repositoryRoot(io.cwd), paths);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    const c = pc.createColors(io.color);
    const message = explainFolders(e.message, [repoOption]);
    if (args.json) {
      // keep the shape machines expect: every environment carries the reason nothing is known
      const failed = inPromotionOrder(catalogue).map((spec) => ({
        name: spec.name, constraint: spec.semver, tag: null, commit: null, revision: null, path: paths.get(spec.name)!,
        pathExists: null, unreleasedCommits: null, warnings: orderWarnings(catalogue, spec.name), error: message,
      }));
      io.out(JSON.stringify({ environments: failed }, null, 2));
    } else {
      io.err(`${c.red('error:')} ${message}`);
    }
    return 1;
  }

  if (args.json) io.out(JSON.stringify({ environments: plans }, null, 2));
  else printTable(plans, io);
  return plans.some((p) => p.error !== null) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = runPlan(process.argv.slice(2));
}
