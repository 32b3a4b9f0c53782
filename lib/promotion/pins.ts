/**
 * The pins in the catalogue file, read and edited through the TypeScript compiler API: the file
 * is parsed, never evaluated, so the same code reads the file of any past commit and an edit
 * changes one string literal and leaves every other byte as it was.
 */
import * as ts from 'typescript';
import { Catalogue } from '../catalogue';
import { EnvironmentSpec } from '../environment';
import { Refusal } from './refusal';

/** The array literal in the catalogue file that holds one object per environment. */
export const ENVIRONMENTS_ARRAY = 'ENVIRONMENTS';

/** Where one environment's `semver` value sits in the catalogue source. */
export interface PinSite {
  readonly environment: string;
  /** the string, when the value is a plain string literal */
  readonly value?: string;
  /** why the value cannot be edited, when it is not a plain string literal */
  readonly problem?: string;
  /** offsets of the literal, quotes included (of the whole property when it is not a literal) */
  readonly start: number;
  readonly end: number;
}

/** The expression under any parentheses, `as`, `satisfies` or `<T>` casts, which change no value. */
function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n)) {
    n = n.expression;
  }
  return n;
}

/** A property's name when it is written literally; computed names cannot be known without evaluating. */
function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function isPlainString(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/**
 * Finds the `semver` value of every environment in the `ENVIRONMENTS` array literal of a catalogue
 * source, keyed by the entry's `name`. Entries whose `name` is not a string literal are skipped.
 *
 * @throws Refusal when the file has no such array
 */
export function findPins(source: string, fileName: string): Map<string, PinSite> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let array: ts.ArrayLiteralExpression | undefined;
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === ENVIRONMENTS_ARRAY && declaration.initializer) {
        const initializer = unwrap(declaration.initializer);
        if (ts.isArrayLiteralExpression(initializer)) array = initializer;
      }
    }
  }
  if (!array) throw new Refusal(`${fileName} declares no \`${ENVIRONMENTS_ARRAY}\` array literal to edit`);

  const pins = new Map<string, PinSite>();
  for (const element of array.elements) {
    const entry = unwrap(element as ts.Expression);
    if (!ts.isObjectLiteralExpression(entry)) continue;
    let environment: string | undefined;
    let semver: ts.ObjectLiteralElementLike | undefined;
    for (const property of entry.properties) {
      const key = property.name && propertyName(property.name);
      if (key === 'name' && ts.isPropertyAssignment(property) && isPlainString(property.initializer)) {
        environment = property.initializer.text;
      }
      if (key === 'semver') semver = property;
    }
    if (environment === undefined) continue;

    if (semver && ts.isPropertyAssignment(semver) && isPlainString(semver.initializer)) {
      const literal = semver.initializer;
      pins.set(environment, { environment, value: literal.text, start: literal.getStart(file), end: literal.getEnd() });
    } else {
      const node = semver ?? entry;
      const written = semver && ts.isPropertyAssignment(semver) ? semver.initializer : semver;
      const problem = written
        ? `its semver is \`${written.getText(file).replace(/\s+/g, ' ')}\`, not a plain string literal that can be rewritten in place`
        : 'it has no `semver` property of its own';
      pins.set(environment, {
        environment,
        problem,
        start: node.getStart(file),
        end: node.getEnd(),
      });
    }
  }
  return pins;
}

/** The source with one literal replaced, keeping its quote character and everything around it. */
export function replacePin(source: string, site: PinSite, value: string): string {
  const quote = source[site.start];
  return `${source.slice(0, site.start)}${quote}${value}${quote}${source.slice(site.end)}`;
}

/**
 * The catalogue with the `semver` strings as the file says now. A module is loaded once per
 * process, so the text, not the loaded module, is trusted for the values promote edits.
 */
export function withPins(catalogue: Catalogue, pins: Map<string, PinSite>): Catalogue {
  const environments = catalogue.environments.map((spec): EnvironmentSpec => {
    const value = pins.get(spec.name)?.value;
    return value === undefined ? spec : { ...spec, semver: value };
  });
  return { ...catalogue, environments };
}
