import { type SpecWarning, specWarning } from './errors.js';
import { toPointer } from './json-pointer.js';
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
  parserPromise ??= import('@asyncapi/parser').then(
    ({ Parser }) => new Parser({ ruleset: { recommended: false }, __unstable: { resolver: { cache: false, resolvers: REFUSING_RESOLVERS } } }),
  );
  return parserPromise;
}
