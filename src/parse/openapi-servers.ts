/**
 * Servers: OpenAPI 3.x section 4.8.5 (Server Object, with 4.8.6 Server Variable Object) at the
 * document, path item and operation (operation servers override the path's, which override the
 * document's; Swagger 2.0's `host`, `basePath` and `schemes` arrive as one document server,
 * swagger2-to-openapi3.ts). Servers are shared across the document by URL, so each gets one key.
 */
import type { Server } from '../model/ir.js';
import type { OpenApiSource, Path } from './openapi-source.js';
import { isRecord } from './schema.js';
import { ServerKeys } from './server-keys.js';

export class OpenApiServers {
  private readonly servers = new Map<string, Server>();
  private readonly keys = new ServerKeys();

  constructor(private readonly src: OpenApiSource) {}

  /** The document's servers, by key. */
  documentServers(): string[] {
    return this.list(this.src.data['servers'], ['servers']);
  }

  /** A `servers` list (of the document, a path item or an operation), by key. */
  list(value: unknown, path: Path): string[] {
    if (!Array.isArray(value) || value.length === 0) return [];
    const keys: string[] = [];
    for (const [i, s] of value.entries()) {
      if (!isRecord(s) || typeof s['url'] !== 'string') {
        this.src.ctx.warn([...path, i], 'a server must be a mapping with a url; this one is left out');
        continue;
      }
      keys.push(this.add(s, [...path, i]));
    }
    return keys;
  }

  all(): Server[] {
    return [...this.servers.values()];
  }

  private add(s: Record<string, unknown>, path: Path): string {
    const ctx = this.src.ctx;
    const url = ctx.string(s['url'], [...path, 'url'], 'server url').replace(/\/+$/, '');
    const existing = this.servers.get(url);
    if (existing) return existing.key;
    const server: Server = { key: this.keys.keyFor(url, s['x-name']), url, variables: ctx.serverVariables(s['variables'], [...path, 'variables']) };
    if (typeof s['description'] === 'string') server.description = s['description'];
    this.servers.set(url, server);
    return server.key;
  }
}
