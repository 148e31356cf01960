import type { LoadedDocument } from '../load/index.js';
import type { ApiModel } from '../model/ir.js';
import { buildFromAsyncApi } from './asyncapi.js';
import { buildFromOpenApi } from './openapi.js';

/** The one entry from a validated document to the model. */
export function buildModel(name: string, doc: LoadedDocument, options: { perspective?: 'server' | 'client' } = {}): ApiModel {
  return doc.kind === 'openapi' ? buildFromOpenApi(name, doc) : buildFromAsyncApi(name, doc, options.perspective);
}
