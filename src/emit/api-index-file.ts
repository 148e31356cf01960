import { type StatementStructures, StructureKind } from 'ts-morph';
import type { ApiModel } from '../model/ir.js';
import type { ApiNames } from './api-names.js';

/**
 * `src/<api>/index.ts`: the API's public surface (its subpath export), with the runtime names
 * its spec leaves free (a spec's `Token` is the spec's; the runtime's is at the package root).
 */
export function emitApiIndexFile(model: ApiModel, names: ApiNames): StatementStructures[] {
  const free = (list: string[]): string[] => list.filter((n) => names.runtimeExport(n.replace(/^type /, '')));
  const modules = ['./types.js'];
  if (model.operations.length > 0) modules.push('./operations.js');
  if (model.channels.length > 0) modules.push('./channels.js');
  const statements: StatementStructures[] = modules.map((moduleSpecifier) => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier }));
  // The runtime's public classes and types, so users need only this subpath.
  statements.push({
    kind: StructureKind.ExportDeclaration,
    moduleSpecifier: '../runtime/common.js',
    namedExports: free(['SpecweaveError', 'RequestValidationError', 'type Token', 'type BasicCredentials', 'type FetchLike']),
  });
  if (model.operations.length > 0) {
    statements.push({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: '../runtime/request.js',
      namedExports: free(['ApiError', 'type ApiResponse']),
    });
  }
  if (model.channels.length > 0) {
    statements.push({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: '../runtime/channel.js',
      namedExports: free([
        'ChannelError',
        'type ConnectionState',
        'type Received',
        'type LifecycleEvents',
        'type ReconnectOptions',
        'type WebSocketConstructor',
        // Only where some channel has request methods, so other APIs' modules stay as they were.
        ...(model.channels.some((c) => (c.requests ?? []).length > 0) ? ['RequestTimeoutError', 'type RequestOptions'] : []),
      ]),
    });
  }
  return statements;
}
