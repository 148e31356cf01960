import { checkRefs, type RefPolicy } from './check-refs.js';
import { SpecError, type SpecWarning } from './errors.js';
import { readDocument, type RawDocument } from './read-document.js';
import { validateAsyncApi } from './validate-asyncapi.js';
import { validateOpenApi } from './validate-openapi.js';

export { SpecError };
export type { SpecWarning } from './errors.js';
export type { RefPolicy } from './check-refs.js';

/** A document that was read, recognised, had its references checked and passed validation. */
export interface LoadedDocument extends RawDocument {
  /** For OpenAPI: the document with external files bundled in; otherwise `data`. */
  resolved: Record<string, unknown>;
  /**
   * Problems that leave the document usable, in document order: validation's, then the model
   * builder's (it adds what it had to skip or guess).
   */
  warnings: SpecWarning[];
}

export async function loadDocument(file: string, policy: RefPolicy = {}): Promise<LoadedDocument> {
  const raw = await readDocument(file);
  const { external } = checkRefs(raw, policy);
  if (raw.kind === 'openapi') {
    const { resolved, warnings } = await validateOpenApi(raw, external);
    return { ...raw, resolved, warnings };
  }
  if (external) {
    throw new SpecError(raw.file, 'references other files; multi-file AsyncAPI documents are not supported yet');
  }
  const channels = raw.data['channels'];
  if (channels !== undefined && (channels === null || typeof channels !== 'object' || Array.isArray(channels))) {
    throw new SpecError(raw.file, '`channels` must be a mapping; the document cannot be read without it', { pointer: '/channels', line: raw.lineOf('/channels') });
  }
  const warnings = await validateAsyncApi(raw);
  return { ...raw, resolved: raw.data, warnings };
}
