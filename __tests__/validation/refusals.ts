import { Catalogue } from '../../lib/catalogue';
import { EnvironmentSpec } from '../../lib/environment';
import { render } from '../../lib/synth/render';
import { ValidationError } from '../../lib/validation/diagnostics';
import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';

/**
 * The problem lines of the ValidationError that `render` throws, read back from its message, so a
 * test sees exactly what a person running synth sees. Fails the test when render accepts the
 * catalogue or throws anything other than a ValidationError (a crash is not a refusal).
 */
export function refusalOf(catalogue: Catalogue): string[] {
  let error: unknown;
  try {
    render(catalogue);
  } catch (thrown) {
    error = thrown;
  }
  if (!(error instanceof ValidationError)) {
    throw new Error(error === undefined ? 'render accepted the catalogue' : `render crashed instead of refusing: ${String(error)}`);
  }
  const [header, ...lines] = error.message.split('\n');
  expect(header).toBe(`${lines.length} problem${lines.length === 1 ? '' : 's'} found; nothing was written:`);
  return lines.map((line) => line.replace(/^ {2}- /, ''));
}

/** The refusal of the small test environment with one change applied. */
export function refusalOfChange(change: (draft: any) => void): string[] {
  return refusalOf(catalogueOf(withChange(smallEnvironment(), change)));
}

/** Renders and returns the files, failing the test with every problem when render refuses. */
export function renderedFiles(...environments: EnvironmentSpec[]): Map<string, string> {
  return render(catalogueOf(...environments)).files;
}
