/**
 * Strict schema validation of manifests against the real CRDs in `../shared/crds`.
 *
 * CI-only: the CRDs live beside the project, never inside it, so `npm test` does not load this.
 *
 * - Flux: each CRD's `openAPIV3Schema` is turned into a strict JSON schema the way
 *   `kubeconform -strict` treats one (see `toStrictJsonSchema`).
 * - ASO: the datreeio JSON schemas are already strict below `spec`; only the envelope is tightened.
 *
 * In both, `metadata` is replaced by `OBJECT_META`, so a field the generator never means to set
 * (a typo, `generateName`, `finalizers`, ...) fails instead of being waved through as `type: object`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SHARED_CRDS_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'crds');

type Schema = Record<string, unknown>;

/** A Kubernetes object as read from YAML: only the envelope is assumed. */
export interface ManifestObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly [key: string]: unknown;
}

// What the API server itself enforces on these fields; stricter than the CRDs' bare `type: object`.
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** `[<DNS subdomain>/]<name>`, the shape of label and annotation keys. */
const QUALIFIED_NAME =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?' +
  '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';

/** The only ObjectMeta fields a generated manifest may carry. */
export const OBJECT_META: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 253, pattern: DNS_SUBDOMAIN },
    namespace: { type: 'string', minLength: 1, maxLength: 63, pattern: DNS_LABEL },
    labels: {
      type: 'object',
      propertyNames: { maxLength: 316, pattern: QUALIFIED_NAME },
      additionalProperties: { type: 'string', maxLength: 63, pattern: LABEL_VALUE },
    },
    annotations: {
      type: 'object',
      propertyNames: { maxLength: 316, pattern: QUALIFIED_NAME },
      additionalProperties: { type: 'string' },
    },
  },
};

/** Keys whose value is a map of property name to schema. */
const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Keys whose value is one schema (or, for some, a boolean or a list of schemas). */
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'propertyNames']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);

/**
 * Converts one OpenAPI v3 schema node of a CRD into a strict JSON schema (draft-07, as ajv reads it).
 *
 * - An object schema with `properties`, no `additionalProperties` and no
 *   `x-kubernetes-preserve-unknown-fields: true` gets `additionalProperties: false`.
 * - `x-kubernetes-int-or-string: true` becomes `anyOf: [integer, string]` (unless the CRD already
 *   spells out an `anyOf`), and any `type` on that node is dropped.
 * - `nullable: true` adds `null` to `type` (or to `anyOf` / `enum`).
 * - Every other `x-kubernetes-*` keyword (CEL `validations`, list/map types, embedded resources)
 *   is dropped: ajv cannot evaluate it, and leaving it would hide a typo'd keyword in strict mode.
 * - Values of `default`, `enum`, `example` are data, not schemas, and are copied untouched.
 */
export function toStrictJsonSchema(node: unknown): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    return node;
  }
  const source = node as Schema;
  const out: Schema = {};

  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable' || key === 'example') {
      continue;
    }
    if (SCHEMA_MAP_KEYS.has(key)) {
      out[key] = Object.fromEntries(
        Object.entries(value as Schema).map(([name, sub]) => [name, toStrictJsonSchema(sub)]),
      );
    } else if (SCHEMA_KEYS.has(key)) {
      out[key] = Array.isArray(value) ? value.map(toStrictJsonSchema) : toStrictJsonSchema(value);
    } else if (SCHEMA_LIST_KEYS.has(key)) {
      out[key] = (value as unknown[]).map(toStrictJsonSchema);
    } else {
      out[key] = value;
    }
  }

  if (source['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf ??= [{ type: 'integer' }, { type: 'string' }];
  }
  if (source.nullable === true) {
    allowNull(out);
  }
  const preservesUnknown = source['x-kubernetes-preserve-unknown-fields'] === true;
  if ('properties' in out && !('additionalProperties' in out) && !preservesUnknown) {
    out.additionalProperties = false;
  }
  return out;
}

function allowNull(schema: Schema): void {
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
  } else if (Array.isArray(schema.type) && !schema.type.includes('null')) {
    schema.type = [...schema.type, 'null'];
  } else if (Array.isArray(schema.anyOf)) {
    schema.anyOf = [...schema.anyOf, { type: 'null' }];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...schema.enum, null];
  }
}

/** Tightens the top level: strict envelope, `OBJECT_META`, apiVersion/kind/metadata required. */
function strictEnvelope(schema: Schema): Schema {
  const own = (schema.required as string[] | undefined) ?? [];
  const required = new Set([...own, 'apiVersion', 'kind', 'metadata']);
  return {
    ...schema,
    additionalProperties: false,
    required: [...required],
    properties: { ...(schema.properties as Schema), metadata: OBJECT_META },
  };
}

/**
 * A regular expression engine for ajv that understands Go's leading `(?i)` flag, which the ASO
 * schemas use for ARM ids. Everything else in these CRDs is common to RE2 and JavaScript.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

/** The ajv instance every converted schema is compiled with. */
export function createAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    // Unknown keywords still throw (strictSchema), so a keyword we failed to convert cannot be
    // silently ignored; the type-shape lints only produce noise on generated CRD schemas.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    code: { regExp: goRegExp },
    formats: {
      int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
      int64: { type: 'number', validate: (n: number) => Number.isSafeInteger(n) },
      'date-time': {
        type: 'string',
        validate: (s: string) => /^\d{4}-\d\d-\d\dT/.test(s) && !isNaN(Date.parse(s)),
      },
    },
  });
}

interface CustomResourceDefinition {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: Schema };
    }>;
  };
}

/** Validates Kubernetes objects against the Flux CRDs and the ASO JSON schemas. */
export class ManifestValidator {
  private readonly ajv = createAjv();
  private readonly fluxSchemas = new Map<string, { readonly source: string; readonly schema: Schema }>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly fluxDir: string;
  private readonly asoDir: string;

  constructor(crdsDir: string = SHARED_CRDS_DIR) {
    if (!fs.existsSync(crdsDir)) {
      throw new Error(
        `CRD folder ${crdsDir} does not exist: ` +
          'the CI schema checks need ../shared/crds beside the project root',
      );
    }
    this.fluxDir = path.join(crdsDir, 'flux');
    this.asoDir = path.join(crdsDir, 'aso', 'jsonschema-datreeio');
    this.loadFluxCrds();
  }

  /** Validates every document of one YAML file; `label` is how the file is named in messages. */
  public validateFile(file: string, label: string = path.relative(PROJECT_ROOT, file)): string[] {
    const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' });
    const docs = Array.isArray(documents) ? documents : [documents];
    const errors: string[] = [];
    let objects = 0;

    for (const doc of docs) {
      if (doc.errors.length > 0) {
        errors.push(...doc.errors.map((e) => `${label}: YAML error: ${e.message}`));
        continue;
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) {
        continue;
      }
      objects++;
      errors.push(...this.validate(label, value));
    }
    if (objects === 0 && errors.length === 0) {
      errors.push(`${label}: holds no Kubernetes object`);
    }
    return errors;
  }

  /** Validates one object; each message reads `<file>: <kind>/<name>: <instancePath> <message>`. */
  public validate(file: string, object: unknown): string[] {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      return [`${file}: document is not a Kubernetes object (got ${JSON.stringify(object)})`];
    }
    const manifest = object as ManifestObject;
    const prefix = `${file}: ${describeObject(manifest)}`;
    if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string') {
      return [`${prefix}: apiVersion and kind must both be strings`];
    }

    const lookup = this.lookup(manifest.apiVersion, manifest.kind);
    if (typeof lookup === 'string') {
      return [`${prefix}: ${lookup}`];
    }
    if (lookup(object)) {
      return [];
    }
    const messages = (lookup.errors ?? []).map((e) => `${prefix}: ${formatError(e)}`);
    return [...new Set(messages)];
  }

  /** Returns the compiled schema, or a message saying which schema file was looked for. */
  private lookup(apiVersion: string, kind: string): ValidateFunction | string {
    const key = `${apiVersion} ${kind}`;
    const cached = this.compiled.get(key);
    if (cached) {
      return cached;
    }

    const flux = this.fluxSchemas.get(key);
    if (flux) {
      return this.compile(key, flux.schema, flux.source);
    }

    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['core', apiVersion];
    if (!/^[a-z0-9.-]+$/.test(group) || !/^v[a-z0-9]+$/.test(version) || !/^[A-Za-z0-9]+$/.test(kind)) {
      return `no schema for apiVersion "${apiVersion}" kind "${kind}" (not a valid group/version/kind)`;
    }
    const file = path.join(this.asoDir, group, `${kind.toLowerCase()}_${version}.json`);
    if (!fs.existsSync(file)) {
      return (
        `no schema for ${apiVersion} ${kind}: no Flux CRD in ${fromRoot(this.fluxDir)} defines it ` +
        `and ${fromRoot(file)} does not exist`
      );
    }
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
    return this.compile(key, strictEnvelope(schema), file);
  }

  private compile(key: string, schema: Schema, source: string): ValidateFunction {
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema);
    } catch (e) {
      const reason = (e as Error).message;
      throw new Error(`cannot compile the schema for ${key} from ${fromRoot(source)}: ${reason}`);
    }
    this.compiled.set(key, validate);
    return validate;
  }

  /** Reads the top-level `flux/*.yaml` CRDs (not sub-folders such as the legacy copies). */
  private loadFluxCrds(): void {
    const files = fs.readdirSync(this.fluxDir).filter((f) => f.endsWith('.yaml'));
    if (files.length === 0) {
      throw new Error(`no Flux CRDs (*.yaml) in ${this.fluxDir}`);
    }

    for (const name of files.sort()) {
      const file = path.join(this.fluxDir, name);
      const crd = parse(fs.readFileSync(file, 'utf8')) as CustomResourceDefinition;
      for (const version of crd.spec.versions) {
        const openApi = version.schema?.openAPIV3Schema;
        // A version the API server does not serve cannot be applied, so it gets no schema.
        if (version.served === false || !openApi) {
          continue;
        }
        const key = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
        const schema = strictEnvelope(toStrictJsonSchema(openApi) as Schema);
        this.fluxSchemas.set(key, { source: file, schema });
      }
    }
  }
}

/** A path as seen from the project root, e.g. `../shared/crds/flux`. */
function fromRoot(file: string): string {
  return path.relative(PROJECT_ROOT, file);
}

/** Every `*.yaml` file under `dir`, sorted; none when `dir` does not exist. */
export function listYamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const entries = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
  return entries
    .filter((entry) => entry.endsWith('.yaml') && fs.statSync(path.join(dir, entry)).isFile())
    .map((entry) => path.join(dir, entry))
    .sort();
}

/** `Kind/name`, with placeholders when the object is too broken to have them. */
export function describeObject(object: ManifestObject): string {
  const kind = typeof object.kind === 'string' ? object.kind : '<no kind>';
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '<no name>';
  return `${kind}/${name}`;
}

/** ajv's own message, plus the offending field or the allowed values where ajv leaves them out. */
function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '/' : error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} must NOT have unknown field "${String(error.params.additionalProperty)}"`;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return `${where} ${error.message}: ${allowed.join(', ')}`;
    }
    case 'propertyNames':
      return `${where} has an invalid key "${String(error.params.propertyName)}"`;
    default:
      return `${where} ${error.message ?? error.keyword}`;
  }
}
