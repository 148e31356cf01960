import type { ApiModel, Schema } from '../model/ir.js';
import { isPusherChannel } from '../model/pusher.js';
import type { ApiNames } from './api-names.js';
import type { PackageConfig } from './index.js';
import { jsonExpression, propertyKey, stringLiteral } from './naming.js';
import { inlineCode } from './regenerate.js';
import { renderTemplate } from './templates.js';

/**
 * Spec text in Markdown: control characters removed, HTML special characters and table pipes
 * escaped so a spec cannot inject markup; the template is compiled without Handlebars' HTML escaping, which would mangle
 * quotes and backticks.
 */
function md(text: string): string;
function md(text: string | null | undefined): string | null;
function md(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return (
    text
      // Control characters (NUL, ESC, C1, DEL) and bidirectional overrides never reach the README raw:
      // a terminal or viewer would act on them (issue 9).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/[\t\r]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ')
  );
}

/**
 * The package's README (templates/README.md.hbs), with a usage example per API; `command` is
 * what regenerates the package in the user's project.
 */
export function emitPackageReadme(models: ApiModel[], names: Map<ApiModel, ApiNames>, pkg: PackageConfig, generator: string, command: string): string {
  return renderTemplate('README.md.hbs', {
    name: md(pkg.name),
    generator,
    // A code span shows its text as it is (no HTML, no escapes); only its backticks matter.
    command: inlineCode(command),
    single: models.length === 1,
    apis: models.map((m) => {
      const n = names.get(m)!;
      return {
        name: m.name,
        title: md(m.title),
        version: md(m.version),
        description: md(oneParagraph(m.description)),
        source: md(m.source.file),
        origin: md(originText(m.source.origin)),
        kind: m.source.kind === 'openapi' ? (m.source.version === '2.0' ? 'Swagger' : 'OpenAPI') : 'AsyncAPI',
        specVersion: m.source.version,
        operationCount: m.operations.length,
        channelCount: m.channels.length,
        operations: m.operations.map((op) => ({
          fn: n.operations.get(op)!.fn,
          method: op.method.toUpperCase(),
          path: md(op.path),
          server: md(op.servers.map((k) => m.servers.find((s) => s.key === k)?.url ?? k)[0] ?? ''),
          summary: md(op.summary),
        })),
        channels: m.channels.map((c) => ({
          cls: n.channels.get(c)!.cls,
          address: md(c.address),
          pusher: isPusherChannel(c, m.servers),
          sends: md(c.send.map((x) => x.name).join(', ')),
          receives: md(c.receive.map((x) => x.name).join(', ')),
        })),
        example: fence(m.operations.length > 0 ? restExample(m, n, pkg.name) : channelExample(m, n, pkg.name)),
      };
    }),
  });
}

function oneParagraph(text: string | undefined): string | null {
  if (!text) return null;
  const first = text.trim().split(/\n\s*\n/)[0] ?? '';
  return first.replace(/\s+/g, ' ');
}

function originText(origin: unknown): string | null {
  if (origin === null || typeof origin !== 'object') return null;
  const o = origin as Record<string, unknown>;
  const parts = [o['source'], o['restoredBy'] ?? o['writtenBy'] ?? o['checkedInBy']].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join('; ') : null;
}

/** A fence longer than any backtick run in the code, so no content can close it. */
function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}ts\n${code}\n${ticks}`;
}

function exampleValue(schema: Schema): unknown {
  if (schema.kind === 'literal') return schema.values[0] ?? null;
  if (schema.kind === 'primitive')
    return schema.type === 'string' ? (schema.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : '…') : schema.type === 'boolean' ? true : 1;
  if (schema.kind === 'array') return [];
  if (schema.kind === 'object') {
    const value: Record<string, unknown> = {};
    for (const p of schema.properties) if (p.required) value[p.name] = exampleValue(p.schema);
    return value;
  }
  return {};
}

function restExample(m: ApiModel, n: ApiNames, pkg: string): string {
  const op = m.operations.find((o) => o.method === 'get') ?? m.operations[0]!;
  const names = n.operations.get(op)!;
  const args: Record<string, Record<string, unknown>> = {};
  for (const p of op.parameters.filter((x) => x.required)) {
    const group = p.in === 'header' ? 'headers' : p.in === 'cookie' ? 'cookies' : p.in;
    (args[group] ??= {})[p.name] = exampleValue(p.schema);
  }
  const scheme = m.securitySchemes[0];
  const auth = scheme ? ` auth: { ${propertyKey(scheme.name)}: process.env.API_TOKEN ?? '' },` : '';
  return [
    `import { ${n.createClient}, ApiError } from ${stringLiteral(`${pkg}/${m.name}`)};`,
    '',
    `const client = ${n.createClient}({${auth} /* baseUrl: 'http://localhost:4010', fetch, headers */ });`,
    'try {',
    `  const { status, data } = await client.${names.fn}(${jsonExpression(args, '  ')});`,
    '  console.log(status, data);',
    '} catch (error) {',
    '  if (error instanceof ApiError) console.error(error.status, error.body);',
    '  else throw error;',
    '}',
  ].join('\n');
}

function channelExample(m: ApiModel, n: ApiNames, pkg: string): string {
  const channel = m.channels[0];
  if (!channel) return `// ${m.name} declares no operations or channels`;
  const c = n.channels.get(channel)!;
  const params: Record<string, unknown> = {};
  for (const p of channel.parameters) params[p.name] = exampleValue(p.schema);
  const server = m.servers.find((s) => channel.servers.includes(s.key));
  const options: string[] = ['WebSocket'];
  const variables = server?.variables.filter((v) => v.default === undefined) ?? [];
  if (variables.length > 0) options.push(`serverVariables: { ${variables.map((v) => `${propertyKey(v.name)}: '…'`).join(', ')} }`);
  // No server in the document: the URL is required (the type says so too).
  if (m.servers.length === 0) options.push(`url: 'wss://…'`);
  const query = channel.wsBindings?.query;
  const required = query?.kind === 'object' ? query.properties.filter((p) => p.required) : [];
  if (required.length > 0) options.push(`query: ${jsonExpression(Object.fromEntries(required.map((p) => [p.name, exampleValue(p.schema)])))}`);
  const scheme = m.securitySchemes[0];
  if (scheme) options.push(`auth: { ${propertyKey(scheme.name)}: process.env.API_TOKEN ?? '' }`);
  const receive = channel.receive[0];
  const send = channel.send[0];
  return [
    `import WebSocket from 'ws'; // Node 20 has no global WebSocket; browsers can omit this option`,
    `import { ${c.cls} } from ${stringLiteral(`${pkg}/${m.name}`)};`,
    '',
    `const channel = new ${c.cls}(${channel.parameters.length ? `${jsonExpression(params)}, ` : ''}{ ${options.join(', ')} });`,
    ...(receive ? [`channel.${c.onMethods.get(receive)!}((payload) => console.log(payload));`] : []),
    `channel.on('$close', ({ code, reason }) => console.log('closed', code, reason));`,
    'await channel.connect();',
    ...(send ? [`channel.${c.sendMethods.get(send)!}(${jsonExpression(send.examples?.[0] ?? exampleValue(send.payload))});`] : []),
    `for await (const { name, payload } of channel) console.log(name, payload);`,
  ].join('\n');
}
