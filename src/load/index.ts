import { bundle } from './bundle.js';
import { checkRefs, type RefPolicy } from './check-refs.js';
import { SpecError } from './errors.js';
import { readDocument, type RawDocument } from './read-document.js';
import { validateAsyncApi } from './validate-asyncapi.js';
import { validateOpenApi } from './validate-openapi.js';

export { SpecError };
export type { RefPolicy } from './check-refs.js';

/** A document that was read, recognised, had its references checked and passed validation. */
export interface LoadedDocument extends RawDocument {
  /** The document with the files it references bundled in (only local `$ref`s); otherwise `data`. */
  resolved: Record<string, unknown>;
}

export async function loadDocument(file: string, policy: RefPolicy = {}): Promise<LoadedDocument> {
  const raw = await readDocument(file);
  const { refs } = checkRefs(raw, policy);
  if (refs.length === 0) {
    if (raw.kind === 'openapi') return { ...raw, resolved: await validateOpenApi(raw, false) };
    await validateAsyncApi(raw);
    return { ...raw, resolved: raw.data };
  }
  // Other files: bundled into one document first, so that validators and the model builder
  // never read a file or a URL themselves (the policy above is the only door).
  const bundled = await bundle(raw, policy, refs);
  const whole: RawDocument = { ...raw, data: bundled.data, text: JSON.stringify(bundled.data), lineOf: (pointer) => bundled.origin(pointer).line };
  try {
    if (raw.kind === 'openapi') await validateOpenApi(whole, false);
    else await validateAsyncApi(whole);
  } catch (error) {
    // A problem inside a referenced file is reported in that file, at its own pointer and line.
    if (!(error instanceof SpecError) || error.pointer === undefined) throw error;
    const at = bundled.origin(error.pointer);
    throw new SpecError(at.file, error.problem, { pointer: at.pointer, line: at.line });
  }
  return { ...raw, resolved: bundled.data };
}
