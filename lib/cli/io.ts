/**
 * How a command talks to whoever runs it: the command line in; lines, colour and an exit code
 * out. Commands take the output side as a parameter so tests can run them in-process.
 */
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
import pc from 'picocolors';

/** Where a command's output goes; tests pass their own to run the command in-process. */
export interface CliIO {
  /** one line to stdout */
  out(line: string): void;
  /** one line to stderr */
  err(line: string): void;
  /** colour the human output (never the JSON) */
  readonly color: boolean;
}

/**
 * Colour for a terminal only: picocolors' verdict (NO_COLOR wins, FORCE_COLOR forces) without its
 * rule that a `CI` variable alone turns colour on for piped output.
 */
export function stdoutColor(): boolean {
  return pc.isColorSupported && (process.stdout.isTTY === true || !!process.env.FORCE_COLOR);
}

/**
 * The folder the user ran the command from. `npm run` moves the process to the package root and
 * keeps the original folder in INIT_CWD; without it `--repo ../x` typed in a subfolder would be
 * read from the wrong place.
 */
export function invocationFolder(): string {
  return process.env.INIT_CWD || process.cwd();
}

/** The real process: its stdout, stderr and the folder it was run from. */
export function processIO(): CliIO & { readonly cwd: string } {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: invocationFolder(),
    color: stdoutColor(),
  };
}

/** A folder option as the user wrote it, and the absolute path it stands for. */
export interface FolderOption {
  /** the option, e.g. `--repo` */
  readonly option: string;
  /** the value as given, e.g. `../infra` */
  readonly given: string;
  /** the folder a relative value resolves from: where the command was run */
  readonly base: string;
  /** `given` resolved against `base` */
  readonly path: string;
}

export function folderOption(option: string, given: string, base: string): FolderOption {
  return { option, given, base, path: path.resolve(base, given) };
}

/**
 * `message`, plus where each relative folder option the message names by its absolute path was
 * resolved from: `"/a/x" is not a git repository (…); --repo "../x" was resolved from /a/b`.
 */
export function explainFolders(message: string, folders: ReadonlyArray<FolderOption | undefined>): string {
  const named = folders.filter((f): f is FolderOption => f !== undefined && !path.isAbsolute(f.given) && message.includes(f.path));
  return [message, ...named.map((f) => `${f.option} "${f.given}" was resolved from ${f.base}`)].join('; ');
}

/** The command line is wrong; nothing was looked at. */
export class UsageError extends Error {}

/** `parseArgs`, with its complaints turned into a {@link UsageError}. */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError(`invalid arguments: ${(e as Error).message}`);
  }
}

/**
 * The parsed arguments, or the exit code when the command line alone settles the run: a usage
 * error is reported with the usage line (2), `--help` prints the usage line (0).
 */
export function readCommandLine<A extends { readonly help: boolean }>(parse: () => A, usage: string, io: CliIO): A | number {
  let args: A;
  try {
    args = parse();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${pc.createColors(io.color).red('error:')} ${e.message}`);
    io.err(usage);
    return 2;
  }
  if (args.help) {
    io.out(usage);
    return 0;
  }
  return args;
}
