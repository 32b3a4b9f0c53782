import { IConstruct } from 'constructs';

/** Context key under which an environment construct records its name for its children. */
export const ENVIRONMENT_CONTEXT = 'infra:environment';

/** One refused input: where it is, which field, the bad value and what would have been accepted. */
export interface Problem {
  readonly environment?: string;
  readonly path: string;
  readonly field: string;
  readonly value: unknown;
  /** what is wrong, e.g. `is not a Go duration` */
  readonly problem: string;
  /** what would be accepted, e.g. `a duration such as "5m" or "1h30m"` */
  readonly expected: string;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  return JSON.stringify(value);
}

export function formatProblem(p: Problem): string {
  // The App itself has the empty path: its problems are about catalogue-wide settings.
  const where = p.environment ? `environment "${p.environment}" (${p.path})` : p.path ? `(${p.path})` : 'catalogue';
  return `${where}: ${p.field} ${formatValue(p.value)} ${p.problem}; expected ${p.expected}`;
}

/** Thrown once at the end of a synth that found problems; lists all of them. */
export class ValidationError extends Error {
  /** @param warnings found in the same synth, so a refusal does not hide them */
  constructor(readonly problems: readonly Problem[], readonly warnings: readonly string[] = []) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was written:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ValidationError';
  }
}

const COLLECTORS = new WeakMap<IConstruct, Diagnostics>();

/**
 * Collects the problems and warnings of one construct tree, so that a synth reports every
 * mistake at once instead of stopping at the first. Constructs validate their props eagerly
 * and report here; the synth refuses to write anything while `problems` is not empty.
 */
export class Diagnostics {
  /** The collector shared by every construct under the same root. */
  static of(scope: IConstruct): Diagnostics {
    const root = scope.node.root;
    let diagnostics = COLLECTORS.get(root);
    if (!diagnostics) {
      diagnostics = new Diagnostics();
      COLLECTORS.set(root, diagnostics);
    }
    return diagnostics;
  }

  private readonly _problems: Problem[] = [];
  private readonly _warnings: string[] = [];

  get problems(): readonly Problem[] {
    return this._problems;
  }

  get warnings(): readonly string[] {
    return this._warnings;
  }

  /** Records a refused value found at `scope`. */
  error(scope: IConstruct, field: string, value: unknown, problem: string, expected: string): void {
    this._problems.push({ environment: environmentOf(scope), path: scope.node.path, field, value, problem, expected });
  }

  /** Records a problem found outside any construct, e.g. in a catalogue entry that cannot be built. */
  report(problem: Problem): void {
    this._problems.push(problem);
  }

  /** Records a surprising but valid input; warnings never stop a synth. */
  warn(scope: IConstruct, message: string): void {
    const env = environmentOf(scope);
    this._warnings.push(env ? `environment "${env}" (${scope.node.path}): ${message}` : `(${scope.node.path}): ${message}`);
  }
}

export function environmentOf(scope: IConstruct): string | undefined {
  return scope.node.tryGetContext(ENVIRONMENT_CONTEXT);
}
