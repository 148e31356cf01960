import { createRequire } from 'node:module';
import { type SpecWarning, specWarning } from './errors.js';
import { toPointer } from './json-pointer.js';
import { type AjvError, type CompiledValidator, precompiledValidator } from './precompiled.js';
import type { RawDocument } from './read-document.js';

interface Diagnostic {
  code: string | number;
  message: string;
  path: Array<string | number>;
  severity: number;
  range: { start: { line: number } };
}

/**
 * Checks an AsyncAPI 2.x/3.x document with @asyncapi/parser and returns one warning per problem
 * it reports as an error (style rules, severity warning and below, are not reported). Breaking
 * the standard does not make a document unusable: the model builder reads what is there, and
 * `--strict` turns these warnings into errors. The parser (and its rulesets) costs most of a
 * second to load, so it is imported only when an AsyncAPI document is present.
 */
export async function validateAsyncApi(raw: RawDocument): Promise<SpecWarning[]> {
  const parser = await sharedParser();
  let diagnostics: Diagnostic[];
  try {
    diagnostics = (await parser.parse(raw.text, { source: raw.file })).diagnostics as unknown as Diagnostic[];
  } catch (error) {
    // The parser gave up (not a verdict on the document): say so, and let the builder read it.
    return [
      specWarning(raw.file, `could not be checked against the AsyncAPI standard: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`),
    ];
  }
  const seen = new Set<string>();
  const warnings: SpecWarning[] = [];
  for (const d of diagnostics) {
    if (d.severity !== 0) continue;
    const pointer = toPointer(d.path);
    const key = `${pointer}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    warnings.push(specWarning(raw.file, `breaks the AsyncAPI standard: ${d.message}`, { pointer, line: d.range.start.line + 1 }));
  }
  return warnings;
}

/**
 * What the parser's own resolver may read: nothing. Every reference the policy allows was read
 * by us and bundled in (src/load/bundle.ts), so what is left (a `$ref` the bundler leaves alone,
 * such as one inside an example) is never followed. The parser tries its resolvers in order and
 * falls through to its defaults (which read files and fetch URLs) when one throws, so these
 * answer first (order 1; 0 would count as "no order") with a plain string: the reference
 * stands for that text, and nothing is read.
 */
const REFUSED = '"$ref not followed: specweave reads references with its own bundler only"';
const REFUSING_RESOLVERS = (['file', 'http', 'https'] as const).map((schema) => ({ schema, order: 1, canRead: true, read: () => REFUSED }));

type AsyncApiParser = InstanceType<typeof import('@asyncapi/parser').Parser>;
let parserPromise: Promise<AsyncApiParser> | undefined;

/** Starts loading the parser (the validation worker does so as soon as it is told an AsyncAPI document is coming). */
export function preloadAsyncApiParser(): void {
  void sharedParser();
}

/** One parser per process: building its rulesets is most of its cost. */
function sharedParser(): Promise<AsyncApiParser> {
  // Only errors are reported, so the "recommended" style ruleset (warnings) is not loaded: it
  // halves the first document's cost (~420 → ~200 ms here).
  parserPromise ??= Promise.resolve().then(() => {
    const { Parser } = requireHere('@asyncapi/parser') as typeof import('@asyncapi/parser');
    return new Parser({
      // asyncapi-latest-version is of severity info, never reported: off, it no longer makes a
      // new Ajv for every document (~15% of a document's validation here).
      ruleset: { recommended: false, rules: { ...documentStructureRules(), 'asyncapi-latest-version': 'off' } },
      __unstable: { resolver: { cache: false, resolvers: REFUSING_RESOLVERS } },
    } as ConstructorParameters<typeof Parser>[0]);
  });
  return parserPromise;
}

const requireHere = createRequire(import.meta.url);

type Path = Array<string | number>;
interface Result {
  message: string;
  path: Path;
}
interface RuleContext {
  document?: { formats?: Set<unknown> | null };
  documentInventory: object;
  path: Path;
}
type RuleFunction = (input: unknown, options: { resolved: boolean }, context: RuleContext) => Result[] | undefined;

/**
 * The parser's two document-structure rules (`asyncapi-document-resolved` and `-unresolved`:
 * the document against the JSON schema of its AsyncAPI version), as the parser defines them
 * but checked with the validators compiled at build time (precompiled.ts): the parser's own
 * function has spectral-functions' `schema` compile the schema (two of them, ~100k of JSON each)
 * with a new Ajv for every document, most of a document's validation time. Everything else (the
 * rule's message, severity, formats; how Ajv's errors become results) is the parser's and
 * spectral's, as below. Without a precompiled validator the parser's function runs, with one
 * Ajv kept for all the documents of this process instead of one per document. The other rules
 * of the ruleset run unchanged.
 */
export function documentStructureRules(): Record<string, unknown> {
  const parserMain = requireHere.resolve('@asyncapi/parser');
  const fromParser = createRequire(parserMain);
  const { coreRuleset } = fromParser('./ruleset/ruleset.js') as { coreRuleset: { rules: Record<string, { then: Record<string, unknown> }> } };
  const structure = fromParser('./ruleset/functions/documentStructure.js') as {
    documentStructure: RuleFunction;
    getSchema(formats: Set<unknown>, resolved: boolean): Record<string, unknown> | undefined;
  };
  const { AsyncAPIFormats } = fromParser('./ruleset/formats.js') as { AsyncAPIFormats: Iterable<[string, unknown]> };
  const { createRulesetFunction } = fromParser('@stoplight/spectral-core') as {
    createRulesetFunction(meta: { input: null; options: unknown }, fn: RuleFunction): RuleFunction;
  };
  const fromFunctions = createRequire(fromParser.resolve('@stoplight/spectral-functions'));
  // CommonJS with `module.exports = fn` (spectral reads it through tslib's __importDefault).
  const loadedErrors = fromFunctions('@stoplight/better-ajv-errors') as BetterAjvErrors | { __esModule: true; default: BetterAjvErrors };
  const betterAjvErrors = typeof loadedErrors === 'function' ? loadedErrors : loadedErrors.default;
  // One Ajv (through spectral's per-inventory cache) for every document the fallback checks.
  const sharedInventory = {};
  const check = createRulesetFunction(
    { input: null, options: { type: 'object', properties: { resolved: { type: 'boolean' } }, required: ['resolved'] } },
    function documentStructure(input, options, context) {
      const formats = context.document?.formats;
      if (!formats) return undefined;
      const resolved = options.resolved;
      let version: string | undefined;
      for (const [v, format] of AsyncAPIFormats) {
        if (formats.has(format)) {
          version = v;
          break;
        }
      }
      const validate = version === undefined ? undefined : precompiledValidator(`asyncapi-${version}`, resolved ? 'resolved' : 'unresolved');
      if (!validate) return structure.documentStructure(input, options, { ...context, documentInventory: sharedInventory });
      const schema = structure.getSchema(formats, resolved);
      if (!schema) return undefined;
      return filterRefErrors(schemaResults(validate, schema, input, context.path, betterAjvErrors, resolved ? prepareResults : undefined), resolved);
    },
  );
  const rules: Record<string, unknown> = {};
  for (const name of ['asyncapi-document-resolved', 'asyncapi-document-unresolved']) {
    const rule = coreRuleset.rules[name];
    if (!rule) throw new Error(`@asyncapi/parser has no rule ${name}`);
    // Spectral's rule definitions name their action `then`; these objects are never awaited.
    // biome-ignore lint/suspicious/noThenProperty: a Spectral rule's field
    rules[name] = { ...rule, then: { ...rule.then, function: check } };
  }
  return rules;
}

type BetterAjvErrors = (
  schema: unknown,
  errors: AjvError[],
  options: { propertyPath: Path; targetValue: unknown },
) => Array<{ error: string; path: string; suggestion?: string }>;

/**
 * What spectral-functions' `schema` function (1.11.1, dist/schema/index.js) makes of a
 * validator's verdict, with the validator given rather than compiled.
 */
function schemaResults(
  validate: CompiledValidator,
  schema: unknown,
  input: unknown,
  path: Path,
  betterAjvErrors: BetterAjvErrors,
  prepare: ((errors: AjvError[]) => void) | undefined,
): Result[] {
  if (input === undefined) return [{ path, message: '#{{print("property")}}must exist' }];
  const results: Result[] = [];
  try {
    if (validate(input) === false && Array.isArray(validate.errors)) {
      prepare?.(validate.errors);
      const unmatched = new Map<string, string>();
      for (const { keyword, instancePath, params } of validate.errors) {
        if ((keyword === 'oneOf' || keyword === 'anyOf') && !Array.isArray(params['passingSchemas'])) unmatched.set(instancePath, keyword);
      }
      for (const { suggestion, error, path: errorPath } of betterAjvErrors(schema, validate.errors, { propertyPath: path, targetValue: input })) {
        results.push({
          message: describeCombinator(describeArrayItem(suggestion !== undefined ? `${error}. ${suggestion}` : error, errorPath), unmatched.get(errorPath)),
          path: [...path, ...(errorPath !== '' ? errorPath.replace(/^\//, '').split('/') : [])],
        });
      }
    }
  } catch (error) {
    results.push({ message: error instanceof Error ? error.message : 'Unexpected error', path });
  }
  return results;
}

function describeArrayItem(message: string, errorPath: string): string {
  const index = errorPath.split('/').pop();
  if (index === undefined || !/^\d+$/.test(index)) return message;
  const typePrefix = `"${index}" property type`;
  if (message.startsWith(typePrefix)) return `Item at index ${index}${message.slice(typePrefix.length)}`;
  const prefix = `"${index}" property`;
  return message.startsWith(prefix) ? `Item at index ${index}${message.slice(prefix.length)}` : message;
}

function describeCombinator(message: string, keyword: string | undefined): string {
  return keyword !== undefined && message.endsWith(` in ${keyword}`)
    ? `${message}. None of the schemas matched, see the other errors reported for this value`
    : message;
}

/** @asyncapi/parser's documentStructure.js (3.6.3): the errors of the resolved document, filtered. */
function prepareResults(errors: AjvError[]): void {
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (error.keyword === 'additionalProperties') {
      error.instancePath = `${error.instancePath}/${String(error.params['additionalProperty'])}`;
    } else if (error.keyword === 'required' && error.params['missingProperty'] === '$ref') {
      errors.splice(i, 1);
      i--;
    }
  }
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i]!;
    if (i + 1 < errors.length && errors[i + 1]!.instancePath === error.instancePath) {
      errors.splice(i + 1, 1);
      i--;
    } else if (i > 0 && shouldIgnoreError(error) && errors[i - 1]!.instancePath.startsWith(error.instancePath)) {
      errors.splice(i, 1);
      i--;
    }
  }
}

function shouldIgnoreError(error: AjvError): boolean {
  return error.keyword === 'oneOf' || (error.keyword === 'required' && error.params['missingProperty'] === '$ref');
}

const REF_ERROR = 'Property "$ref" is not expected to be here';

/** @asyncapi/parser's documentStructure.js (3.6.3): the resolved check leaves `$ref`s to the unresolved one. */
function filterRefErrors(results: Result[], resolved: boolean): Result[] {
  if (resolved) return results.filter((r) => r.message !== REF_ERROR);
  return results.filter((r) => r.message === REF_ERROR).map((r) => ({ ...r, message: 'Referencing in this place is not allowed' }));
}
