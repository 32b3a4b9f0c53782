/**
 * Synthesizes every environment of the catalogue into dist/.
 *
 * Run by `npm run synth` and by `cdk8s synth` (see cdk8s.yaml). Nothing is written unless every
 * check passed; dist/ is then replaced as a whole, so removed resources disappear with it.
 */
import * as path from 'node:path';
import { CATALOGUE } from './lib/environments';
import { GitError, readTags } from './lib/git/tags';
import { render } from './lib/synth/render';
import { tagWarnings } from './lib/synth/tag-warnings';
import { writeOutput } from './lib/synth/write-output';
import { ValidationError } from './lib/validation/diagnostics';

export const PROJECT_ROOT = __dirname;

function main(): number {
  let result;
  try {
    result = render(CATALOGUE);
  } catch (error) {
    if (error instanceof ValidationError) {
      console.error(`synth refused: ${error.message}`);
      return 1;
    }
    throw error;
  }
  for (const warning of [...result.warnings, ...repositoryWarnings()]) console.error(`warning: ${warning}`);

  const dist = path.join(PROJECT_ROOT, CATALOGUE.outputFolder ?? 'dist');
  writeOutput(result.files, dist);

  // Under `cdk8s synth` the CLI hands us a scratch folder it has just emptied and lists what
  // lands there; give it the same files. dist/ itself is never the CLI's folder (cdk8s.yaml).
  const cliOutput = process.env.CDK8S_OUTDIR;
  if (cliOutput && path.resolve(cliOutput) !== dist) writeOutput(result.files, cliOutput);

  console.log(`synthesized ${result.files.size} files for ${CATALOGUE.environments.length} environments into ${path.relative(process.cwd(), dist) || '.'}`);
  return 0;
}

/** Tag warnings when the project is a git checkout; a copy without .git simply has none. */
function repositoryWarnings(): string[] {
  try {
    return tagWarnings(CATALOGUE, readTags(PROJECT_ROOT));
  } catch (error) {
    if (error instanceof GitError) return [];
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main();
}
