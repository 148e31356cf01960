import { checkRefs, type RefPolicy } from './check-refs.js';
import { SpecError } from './errors.js';
import { readDocument, type RawDocument } from './read-document.js';
import { validateAsyncApi } from './validate-asyncapi.js';
import { validateOpenApi } from './validate-openapi.js';

export { SpecError };
export type { RefPolicy } from './check-refs.js';

/** A document that was read, recognised, had its references checked and passed validation. */
export interface LoadedDocument extends RawDocument {
  /** For OpenAPI: the document with external files bundled in; otherwise `data`. */
  resolved: Record<string, unknown>;
  /** The document `$ref`s other files (its folder's files are then inputs too). */
  external: boolean;
}

export async function loadDocument(file: string, policy: RefPolicy = {}): Promise<LoadedDocument> {
  const raw = await readDocument(file);
  const { external } = checkRefs(raw, policy);
  if (raw.kind === 'openapi') {
    return { ...raw, resolved: await validateOpenApi(raw, external), external };
  }
  if (external) {
    throw new SpecError(raw.file, 'references other files; multi-file AsyncAPI documents are not supported yet');
  }
  await validateAsyncApi(raw);
  return { ...raw, resolved: raw.data, external };
}
