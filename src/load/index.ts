import { bundle, type Bundle } from './bundle.js';
import { checkRefs, type RefPolicy } from './check-refs.js';
import { SpecError } from './errors.js';
import { restoreUnsafeKeys, withoutUnsafeKeys } from './proto-keys.js';
import { readDocument, type RawDocument } from './read-document.js';
import { validateAsyncApi } from './validate-asyncapi.js';
import { validateOpenApi } from './validate-openapi.js';

export { SpecError };
export type { RefPolicy } from './check-refs.js';

/** A document that was read, recognised, had its references checked and passed validation. */
export interface LoadedDocument extends RawDocument {
  /** The document with the files it references bundled in (only local `$ref`s); otherwise `data`. */
  resolved: Record<string, unknown>;
  /** The document `$ref`s other files (its folder's files are then inputs too). */
  external: boolean;
}

/**
 * Reads, recognises and reference-checks a document, bundles the files it references, and
 * validates it against its standard unless `validate` is false (the pipeline validates in a
 * worker thread meanwhile, see validation.ts, by running this same function there).
 */
export async function loadDocument(file: string, policy: RefPolicy = {}, validate = true): Promise<LoadedDocument> {
  const raw = await readDocument(file);
  const { refs } = checkRefs(raw, policy);
  // Other files are bundled into one document first, so that validators and the model builder
  // never read a file or a URL themselves (the policy above is the only door).
  const bundled = refs.length > 0 ? await bundle(raw, policy, refs) : undefined;
  const data = bundled?.data ?? raw.data;
  if (!validate) return { ...raw, resolved: data, external: refs.length > 0 };
  // The AsyncAPI parser cannot hold `__proto__` and `hasOwnProperty` keys: it sees them renamed.
  const forParser = raw.kind === 'asyncapi' ? withoutUnsafeKeys(data, bundled ? JSON.stringify(data) : raw.text) : undefined;
  const rewritten = bundled !== undefined || forParser !== undefined;
  const shown = forParser ?? data;
  const input: RawDocument = rewritten ? { ...raw, data: shown, text: JSON.stringify(shown), lineOf: (pointer) => place(bundled, raw, pointer).line } : raw;
  try {
    if (raw.kind === 'openapi') await validateOpenApi(input, false);
    else await validateAsyncApi(input);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    // One line (a validator that crashed may quote its stack), in the file where the problem is
    // written (a referenced one, if so), at its own pointer and line: for a rewritten document
    // the validator's line is one of the JSON text it was given.
    const problem = oneLine(restoreUnsafeKeys(error.problem));
    if (!rewritten) throw new SpecError(error.file, problem, { pointer: error.pointer, line: error.line });
    const pointer = error.pointer === undefined ? undefined : restoreUnsafeKeys(error.pointer);
    if (pointer === undefined) throw new SpecError(raw.file, problem);
    const at = place(bundled, raw, pointer);
    throw new SpecError(at.file, problem, { pointer: at.pointer, line: at.line });
  }
  return { ...raw, resolved: data, external: refs.length > 0 };
}

/** The first line of a message, without a quoted stack trace. */
function oneLine(problem: string): string {
  return (problem.split(/\r?\n/)[0] ?? problem).replace(/,? stack: .*$/, '').trim();
}

function place(bundled: Bundle | undefined, raw: RawDocument, pointer: string): { file: string; pointer: string; line: number | undefined } {
  return bundled ? bundled.origin(pointer) : { file: raw.file, pointer, line: raw.lineOf(pointer) };
}
