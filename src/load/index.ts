import { resolve } from 'node:path';
import { type Bundle, bundle } from './bundle.js';
import { checkRefs, type RefPolicy } from './check-refs.js';
import { SpecError, type SpecWarning, specWarning } from './errors.js';
import { restoreUnsafeKeys, withoutUnsafeKeys } from './proto-keys.js';
import { checkNesting, type RawDocument, readDocument } from './read-document.js';
import { validateAsyncApi } from './validate-asyncapi.js';
import { validateOpenApi } from './validate-openapi.js';

export type { RefPolicy } from './check-refs.js';
export type { SpecWarning } from './errors.js';
export { SpecError };

/** A document that was read, recognised, had its references checked (and was validated). */
export interface LoadedDocument extends RawDocument {
  /** The document with the files it references bundled in (only local `$ref`s); otherwise `data`. */
  resolved: Record<string, unknown>;
  /** Every file (absolute path) or URL the document was read from, its own file first. */
  files: string[];
  /**
   * Problems that leave the document usable, in document order: validation's (when this load
   * validated). The builders and emitters do not add to it: theirs come back with the model
   * (parse/index.ts `Parsed`) and through `EmitOptions.warn`.
   */
  warnings: SpecWarning[];
}

/**
 * Reads, recognises and reference-checks a document, bundles the files it references, and
 * validates it against its standard unless `validate` is false (the pipeline validates in a
 * worker thread meanwhile, see validation.ts, by running this same function there). Breaking
 * the standard gives warnings; only an unusable document is an error.
 */
export async function loadDocument(file: string, policy: RefPolicy = {}, validate = true): Promise<LoadedDocument> {
  const raw = await readDocument(file);
  const { refs } = checkRefs(raw, policy);
  // Other files are bundled into one document first, so that validators and the model builder
  // never read a file or a URL themselves (the policy above is the only door).
  const bundled = refs.length > 0 ? await bundle(raw, policy, refs) : undefined;
  const data = bundled?.data ?? raw.data;
  // Each file was within the nesting limit; a value copied into another may not be.
  if (bundled) checkNesting(raw.file, data);
  requireMappings(raw, data, bundled);
  const loaded: LoadedDocument = { ...raw, resolved: data, files: bundled?.files ?? [resolve(raw.file)], warnings: [] };
  if (validate) loaded.warnings = await validation(raw, data, bundled);
  return loaded;
}

/** The sections a builder cannot do without must be mappings when present. */
function requireMappings(raw: RawDocument, data: Record<string, unknown>, bundled: Bundle | undefined): void {
  const sections =
    raw.kind === 'asyncapi' ? ['channels'] : raw.version === '2.0' ? ['paths', 'definitions', 'parameters', 'responses'] : ['paths', 'components', 'webhooks'];
  for (const section of sections) {
    const value = data[section];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      const at = place(bundled, raw, `/${section}`);
      throw new SpecError(at.file, `\`${section}\` must be a mapping; the document cannot be read without it`, { pointer: at.pointer, line: at.line });
    }
  }
}

/** The validator's warnings, each in the file where the problem is written, at its own place. */
async function validation(raw: RawDocument, data: Record<string, unknown>, bundled: Bundle | undefined): Promise<SpecWarning[]> {
  // The AsyncAPI parser cannot hold `__proto__` and `hasOwnProperty` keys: it sees them renamed.
  const forParser = raw.kind === 'asyncapi' ? withoutUnsafeKeys(data, bundled ? JSON.stringify(data) : raw.text) : undefined;
  const rewritten = bundled !== undefined || forParser !== undefined;
  const shown = forParser ?? data;
  const input: RawDocument = rewritten ? { ...raw, data: shown, text: JSON.stringify(shown), lineOf: (pointer) => place(bundled, raw, pointer).line } : raw;
  // One line (a validator that crashed may quote its stack), in the file where the problem is
  // written (a referenced one, if so), at its own pointer and line: for a rewritten document
  // the validator's line is one of the JSON text it was given.
  const relocate = (
    problem: string,
    file: string,
    pointer: string | undefined,
    line: number | undefined,
  ): { file: string; problem: string; place: { pointer?: string; line?: number } } => {
    const text = oneLine(restoreUnsafeKeys(problem));
    if (!rewritten) return { file, problem: text, place: { ...(pointer !== undefined && { pointer }), ...(line !== undefined && { line }) } };
    if (pointer === undefined) return { file: raw.file, problem: text, place: {} };
    const at = place(bundled, raw, restoreUnsafeKeys(pointer));
    return { file: at.file, problem: text, place: { pointer: at.pointer, ...(at.line !== undefined && { line: at.line }) } };
  };
  let warnings: SpecWarning[];
  try {
    warnings = raw.kind === 'openapi' ? await validateOpenApi(input) : await validateAsyncApi(input);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    const r = relocate(error.problem, error.file, error.pointer, error.line);
    throw new SpecError(r.file, r.problem, r.place);
  }
  return warnings.map((w) => {
    const r = relocate(w.problem, w.file, w.pointer, w.line);
    return specWarning(r.file, r.problem, r.place);
  });
}

/** The first line of a message, without a quoted stack trace. */
function oneLine(problem: string): string {
  return (problem.split(/\r?\n/)[0] ?? problem).replace(/,? stack: .*$/, '').trim();
}

function place(bundled: Bundle | undefined, raw: RawDocument, pointer: string): { file: string; pointer: string; line: number | undefined } {
  return bundled ? bundled.origin(pointer) : { file: raw.file, pointer, line: raw.lineOf(pointer) };
}
