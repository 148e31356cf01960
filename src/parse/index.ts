import type { SpecWarning } from '../load/errors.js';
import type { LoadedDocument } from '../load/index.js';
import type { ApiModel } from '../model/ir.js';
import { parseAsyncApi } from './asyncapi.js';
import { parseOpenApi } from './openapi.js';

/** A builder's result: the model and what it left out or guessed, each with its place. */
export interface Parsed {
  model: ApiModel;
  warnings: SpecWarning[];
}

/** The one entry from a validated document to the model. */
export function parseModel(name: string, doc: LoadedDocument, options: { perspective?: 'server' | 'client' } = {}): Parsed {
  return doc.kind === 'openapi' ? parseOpenApi(name, doc) : parseAsyncApi(name, doc, options.perspective);
}
