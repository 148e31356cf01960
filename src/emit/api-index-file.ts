import { type StatementStructures, StructureKind } from 'ts-morph';
import type { ApiModel } from '../model/ir.js';

/** `src/<api>/index.ts`: the API's public surface (its subpath export). */
export function emitApiIndexFile(model: ApiModel): StatementStructures[] {
  const modules = ['./types.js'];
  if (model.operations.length > 0) modules.push('./operations.js');
  if (model.channels.length > 0) modules.push('./channels.js');
  const statements: StatementStructures[] = modules.map((moduleSpecifier) => ({ kind: StructureKind.ExportDeclaration, moduleSpecifier }));
  // The runtime's public classes and types, so users need only this subpath.
  statements.push({
    kind: StructureKind.ExportDeclaration,
    moduleSpecifier: '../runtime/common.js',
    namedExports: ['SpecweaveError', 'RequestValidationError', 'type Token', 'type BasicCredentials', 'type FetchLike'],
  });
  if (model.operations.length > 0) {
    statements.push({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: '../runtime/request.js',
      namedExports: ['ApiError', 'type ApiResponse'],
    });
  }
  if (model.channels.length > 0) {
    statements.push({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: '../runtime/channel.js',
      namedExports: [
        'ChannelError',
        'type ConnectionState',
        'type Received',
        'type LifecycleEvents',
        'type ReconnectOptions',
        'type WebSocketConstructor',
        // Only where some channel has request methods, so other APIs' modules stay as they were.
        ...(model.channels.some((c) => (c.requests ?? []).length > 0) ? ['RequestTimeoutError', 'type RequestOptions'] : []),
      ],
    });
  }
  return statements;
}
