/**
 * Synthesizes every environment of the catalogue into dist/.
 *
 * Run by `npm run synth` and by `cdk8s synth` (see cdk8s.yaml). Nothing is written unless every
 * check passed; dist/ is then replaced as a whole, so removed resources disappear with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import { CATALOGUE } from './lib/environments';
import { assertRepository } from './lib/git/repository';
import { GitError, readTags } from './lib/git/tags';
import { isRenderedPath, render, RenderedFiles } from './lib/synth/render';
import { tagWarnings } from './lib/synth/tag-warnings';
import { writeOutput } from './lib/synth/write-output';
import { ValidationError } from './lib/validation/diagnostics';

export const PROJECT_ROOT = __dirname;

function main(): number {
  const dist = path.join(PROJECT_ROOT, CATALOGUE.outputFolder ?? 'dist');
  const cliOutput = process.env.CDK8S_OUTDIR ? path.resolve(process.env.CDK8S_OUTDIR) : undefined;
  // `cdk8s synth -o dist` (or a folder inside it) has already emptied that folder: the only way
  // back to a complete dist/ is to write all of it.
  const cliInsideDist = cliOutput !== undefined && (cliOutput === dist || cliOutput.startsWith(dist + path.sep));

  let result;
  try {
    result = render(CATALOGUE);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    printWarnings(error.warnings);
    console.error(`synth refused: ${error.message}`);
    if (cliInsideDist) {
      console.error(`note: \`cdk8s synth -o ${path.relative(PROJECT_ROOT, cliOutput!)}\` emptied that folder before the app ran; restore it with \`git checkout -- dist\``);
    }
    return 1;
  }
  printWarnings([...result.warnings, ...repositoryWarnings()]);

  // Under `cdk8s synth` the CLI hands us a folder it has just emptied and reads what lands there.
  // Only the configured scratch folder (cdk8s.yaml) also means "write dist/"; any other folder
  // is `-o DIR` or `--stdout`, which must not touch the committed output.
  const writeDist = cliOutput === undefined || cliInsideDist || cliOutput === configuredCliOutput();
  try {
    if (writeDist) writeOutput(result.files, dist, isRenderedPath);
    if (cliOutput !== undefined && !cliInsideDist) writeCliOutput(result.files, cliOutput);
  } catch (error) {
    console.error(`synth refused to write: ${(error as Error).message}`);
    return 1;
  }

  const where = [writeDist ? path.relative(process.cwd(), dist) || '.' : undefined, cliOutput && !cliInsideDist ? cliOutput : undefined];
  console.error(`synthesized ${result.files.size} files for ${CATALOGUE.environments.length} environments into ${where.filter(Boolean).join(' and ')}`);
  return 0;
}

function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) console.error(`warning: ${warning}`);
}

/**
 * The CLI prints or lists what it finds in its folder; one multi-document file keeps
 * `cdk8s synth --stdout` a valid YAML stream in a stable order.
 */
function writeCliOutput(files: RenderedFiles, folder: string): void {
  const documents = [...files].filter(([file]) => !file.endsWith('/kustomization.yaml')).map(([, content]) => content);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'app.k8s.yaml'), documents.join('---\n'));
}

function configuredCliOutput(): string | undefined {
  const config = Yaml.load(path.join(PROJECT_ROOT, 'cdk8s.yaml'))[0] as { output?: string } | undefined;
  return config?.output ? path.resolve(PROJECT_ROOT, config.output) : undefined;
}

/** Tag warnings when the project is a git checkout; a copy without .git simply has none. */
function repositoryWarnings(): string[] {
  try {
    assertRepository(PROJECT_ROOT);
  } catch {
    return [];
  }
  try {
    return tagWarnings(CATALOGUE, readTags(PROJECT_ROOT));
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    return [`could not read the repository's tags (${error.message}); Flux fails its reconcile on such a tag too`];
  }
}

if (require.main === module) {
  process.exitCode = main();
}
