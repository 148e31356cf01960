import { SpecError, toPointer } from './errors.js';
import type { RawDocument } from './read-document.js';

interface Diagnostic {
  code: string | number;
  message: string;
  path: Array<string | number>;
  severity: number;
  range: { start: { line: number } };
}

/**
 * Validates an AsyncAPI 2.x/3.x document with @asyncapi/parser. The parser (and its rulesets)
 * costs most of a second to load, so it is imported only when an AsyncAPI document is present.
 * Style rules (severity warning and below) are not reported here; errors are.
 */
export async function validateAsyncApi(raw: RawDocument): Promise<void> {
  const parser = await sharedParser();
  const { diagnostics } = await parser.parse(raw.text, { source: raw.file });
  const errors = (diagnostics as unknown as Diagnostic[]).filter((d) => d.severity === 0);
  const first = errors[0];
  if (!first) return;
  const pointer = toPointer(first.path);
  const extra = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new SpecError(raw.file, `breaks the AsyncAPI standard: ${first.message}${extra}`, {
    pointer,
    line: first.range.start.line + 1,
  });
}

type AsyncApiParser = InstanceType<typeof import('@asyncapi/parser').Parser>;
let parserPromise: Promise<AsyncApiParser> | undefined;

/** One parser per process: building its rulesets is most of its cost. */
function sharedParser(): Promise<AsyncApiParser> {
  // Only errors are reported, so the "recommended" style ruleset (warnings) is not loaded: it
  // halves the first document's cost (~420 → ~200 ms here).
  parserPromise ??= import('@asyncapi/parser').then(({ Parser }) => new Parser({ ruleset: { recommended: false } }));
  return parserPromise;
}
