import { checkRefs, type RefPolicy } from './check-refs.js';
import { SpecError } from './errors.js';
import { readDocument, type RawDocument } from './read-document.js';
import { validateAsyncApi } from './validate-asyncapi.js';
import { bundleOpenApi, validateOpenApi } from './validate-openapi.js';

export { SpecError };
export type { RefPolicy } from './check-refs.js';

/** A document that was read, recognised, had its references checked and passed validation. */
export interface LoadedDocument extends RawDocument {
  /** For OpenAPI: the document with external files bundled in; otherwise `data`. */
  resolved: Record<string, unknown>;
  /** The document `$ref`s other files (its folder's files are then inputs too). */
  external: boolean;
}

/**
 * Reads, recognises and reference-checks a document, and validates it against its standard
 * unless `validate` is false (the pipeline validates in a worker thread meanwhile, see
 * validation.ts; the builders tolerate what validation would reject).
 */
export async function loadDocument(file: string, policy: RefPolicy = {}, validate = true): Promise<LoadedDocument> {
  const raw = await readDocument(file);
  const { external } = checkRefs(raw, policy);
  if (raw.kind === 'openapi') {
    return { ...raw, resolved: validate ? await validateOpenApi(raw, external) : await bundleOpenApi(raw, external), external };
  }
  if (external) {
    throw new SpecError(raw.file, 'references other files; multi-file AsyncAPI documents are not supported yet');
  }
  if (validate) await validateAsyncApi(raw);
  return { ...raw, resolved: raw.data, external };
}
