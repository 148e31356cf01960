import type { SpecWarning } from '../load/errors.js';
import type { LoadedDocument } from '../load/index.js';
import type { ApiModel } from '../model/ir.js';
import { buildFromAsyncApi } from './asyncapi.js';
import { buildFromOpenApi } from './openapi.js';

/** A builder's result: the model and what it left out or guessed, each with its place. */
export interface Built {
  model: ApiModel;
  warnings: SpecWarning[];
}

/** The one entry from a validated document to the model. */
export function buildModel(name: string, doc: LoadedDocument, options: { perspective?: 'server' | 'client' } = {}): Built {
  return doc.kind === 'openapi' ? buildFromOpenApi(name, doc) : buildFromAsyncApi(name, doc, options.perspective);
}
