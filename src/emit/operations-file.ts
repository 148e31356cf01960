import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { ApiModel, Content, Operation, Parameter, Schema, SecurityScheme, Server } from '../model/ir.js';
import type { ApiNames, OperationNames } from './api-names.js';
import { docs, jsonExpression, propertyKey, stringLiteral } from './naming.js';
import { TypePrinter } from './type-expression.js';

const RUNTIME = '../runtime/http.js';

/**
 * `src/<api>/operations.ts`: one exported async function per REST operation, its argument,
 * result and error types, the API's options type and a `create…Client` factory.
 */
export function emitOperationsFile(model: ApiModel, names: ApiNames): StatementStructures[] {
  const printer = new TypePrinter((name) => `types.${names.schemas.get(name) ?? 'unknown'}`);
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, namespaceImport: 'rt', moduleSpecifier: RUNTIME },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'types', moduleSpecifier: './types.js' },
    constant('api', 'rt.ApiInfo', jsonExpression(apiInfo(model))),
    ...optionsTypes(model, names),
  ];
  for (const op of model.operations) statements.push(...operationStatements(op, names.operations.get(op)!, names, printer));
  statements.push(...clientFactory(model, names));
  return statements;
}

export function schemeInfo(scheme: SecurityScheme): object | undefined {
  if (scheme.type === 'apiKey') return { type: 'apiKey', in: scheme.in, name: scheme.parameterName };
  if (scheme.type === 'http' && scheme.scheme === 'basic') return { type: 'basic' };
  if (scheme.type === 'http' && scheme.scheme !== 'bearer') return undefined; // digest and others: not supported
  return { type: 'bearer' };
}

export function serverInfo(server: Server): { url: string; variables: Record<string, object> } {
  const variables: Record<string, object> = Object.create(null);
  for (const v of server.variables) variables[v.name] = { default: v.default, enum: v.enum };
  return { url: server.url, variables };
}

function apiInfo(model: ApiModel): object {
  const servers: Record<string, object> = Object.create(null);
  for (const s of model.servers) servers[s.key] = serverInfo(s);
  const securitySchemes: Record<string, object> = Object.create(null);
  for (const s of model.securitySchemes) {
    const info = schemeInfo(s);
    if (info) securitySchemes[s.name] = info;
  }
  return { servers, securitySchemes };
}

function constant(name: string, type: string, initializer: string, isExported = false): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    isExported,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ kind: StructureKind.VariableDeclaration, name, type, initializer }],
  };
}

/** Typed options: server keys, server variables (enums as unions) and auth by scheme name. */
function optionsTypes(model: ApiModel, names: ApiNames): StatementStructures[] {
  const serverKeys = model.servers.map((s) => stringLiteral(s.key));
  const members: string[] = [];
  const servers = model.servers.map((s) => `${propertyKey(s.key)}?: string;`).join(' ');
  members.push(`/** A base URL for every server, or one per server (by key). */\n  baseUrl?: string | { ${servers} };`);
  const variables = new Map<string, string>();
  for (const s of model.servers) {
    for (const v of s.variables) if (!variables.has(v.name)) variables.set(v.name, v.enum?.length ? v.enum.map(stringLiteral).join(' | ') : 'string');
  }
  if (variables.size > 0) {
    members.push(`/** Server URL variables. */\n  serverVariables?: { ${[...variables].map(([k, t]) => `${propertyKey(k)}?: ${t};`).join(' ')} };`);
  }
  const schemes = model.securitySchemes.filter((s) => schemeInfo(s));
  if (schemes.length > 0) {
    const entries = schemes.map((s) => {
      const doc = docs(s.description);
      return `${doc ? `/** ${doc.replace(/\n+/g, ' ')} */\n    ` : ''}${propertyKey(s.name)}?: ${s.type === 'http' && s.scheme === 'basic' ? 'rt.BasicCredentials' : 'rt.Token'};`;
    });
    members.push(`/** Credentials by security scheme. A token may be a function, called before every request. */\n  auth?: {\n    ${entries.join('\n    ')}\n  };`);
  }
  return [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: names.servers,
      type: serverKeys.length ? serverKeys.join(' | ') : 'never',
      docs: ['Keys of the servers named in the API document.'],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: names.options,
      type: `Omit<rt.RequestOptions, 'baseUrl' | 'serverVariables' | 'auth'> & {\n  ${members.join('\n  ')}\n}`,
      docs: [docs(`Options of every ${model.title} call: per call, or as defaults of \`${names.createClient}\`.`)!],
    },
  ];
}

function operationStatements(op: Operation, n: OperationNames, names: ApiNames, printer: TypePrinter): StatementStructures[] {
  const body = op.requestBody ? preferredContent(op.requestBody.contents) : undefined;
  const info = {
    id: op.id,
    method: op.method,
    path: op.path,
    servers: op.servers,
    security: op.security,
    parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, style: p.style, explode: p.explode })),
    body: body ? { mediaType: body.mediaType } : undefined,
  };
  const argsType = argsShape(op, body, printer);
  const argsOptional = argsAreOptional(op);
  const success = op.responses.filter((r) => /^2/.test(r.status));
  const failures = op.responses.filter((r) => !/^2/.test(r.status) && r.status !== 'default');
  const fallback = op.responses.find((r) => r.status === 'default');
  const resultMembers = (success.length > 0 ? success : fallback ? [fallback] : []).map((r) => `rt.ApiResponse<${statusType(r.status)}, ${contentType(r.contents, printer)}>`);
  const errorMembers = [...failures, ...(fallback && success.length > 0 ? [fallback] : [])].map((r) => `{ status: ${statusType(r.status)}; body: ${contentType(r.contents, printer)} }`);
  const doc = docs(
    op.summary,
    op.description,
    `\`${op.method.toUpperCase()} ${op.path.replace(/`/g, "'")}\``,
    errorMembers.length > 0 && `@throws {@link ${n.error}} for the declared error statuses (any non-2xx status throws \`rt.ApiError\`).`,
    op.deprecated && '@deprecated',
  );
  return [
    constant(n.info, 'rt.OperationInfo', jsonExpression(info)),
    { kind: StructureKind.TypeAlias, isExported: true, name: n.args, type: argsType, docs: [`Inputs of {@link ${n.fn}}.`] },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: n.result,
      type: resultMembers.length > 0 ? resultMembers.join(' | ') : 'rt.ApiResponse<number, unknown>',
      docs: [`Successful responses of {@link ${n.fn}}.`],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: n.error,
      type: errorMembers.length > 0 ? `rt.ApiError<${errorMembers.join(' | ')}>` : 'rt.ApiError',
      docs: [`The error {@link ${n.fn}} throws for a non-2xx response.`],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      isAsync: true,
      name: n.fn,
      parameters: [
        { name: 'args', type: n.args, ...(argsOptional ? { initializer: '{}' } : {}) },
        { name: 'options', type: names.options, initializer: '{}' },
      ],
      returnType: `Promise<${n.result}>`,
      statements: [`return (await rt.request(api, ${n.info}, args, options)) as ${n.result};`],
      docs: doc ? [doc] : [],
    },
  ];
}

function argsShape(op: Operation, body: Content | undefined, printer: TypePrinter): string {
  const groups: Array<[string, Parameter['in']]> = [
    ['path', 'path'],
    ['query', 'query'],
    ['headers', 'header'],
    ['cookies', 'cookie'],
  ];
  const lines: string[] = [];
  for (const [key, location] of groups) {
    const params = op.parameters.filter((p) => p.in === location);
    if (params.length === 0) continue;
    const required = params.some((p) => p.required);
    const group: Schema = {
      kind: 'object',
      properties: params.map((p) => ({ name: p.name, required: p.required, schema: { ...p.schema, ...(p.description === undefined ? {} : { description: p.description }) } })),
    };
    lines.push(`  /** ${location === 'header' ? 'Header' : location === 'cookie' ? 'Cookie' : location === 'path' ? 'Path' : 'Query'} parameters. */`);
    lines.push(`  ${key}${required ? '' : '?'}: ${printer.print(group, '  ')};`);
  }
  if (body) {
    const required = op.requestBody?.required === true;
    const doc = docs(op.requestBody?.description, `Request body (${body.mediaType}).`);
    lines.push(`  /** ${(doc ?? '').replace(/\n+/g, ' ')} */`);
    lines.push(`  body${required ? '' : '?'}: ${printer.print(body.schema, '  ')};`);
  }
  return lines.length > 0 ? `{\n${lines.join('\n')}\n}` : 'Record<string, never>';
}

/** JSON first, then form, multipart, text, anything else. */
function preferredContent(contents: Content[]): Content | undefined {
  const rank = (m: string): number => (/json/i.test(m) ? 0 : /x-www-form-urlencoded/i.test(m) ? 1 : /multipart/i.test(m) ? 2 : /^text\//i.test(m) ? 3 : 4);
  return [...contents].sort((a, b) => rank(a.mediaType) - rank(b.mediaType))[0];
}

function statusType(status: string): string {
  return /^\d{3}$/.test(status) ? status : 'number';
}

/** The decoded body type: JSON schemas as typed, text as string, other media as Blob. */
function contentType(contents: Content[], printer: TypePrinter): string {
  const content = preferredContent(contents);
  if (!content) return 'undefined';
  if (/json/i.test(content.mediaType) || content.mediaType === '*/*') return printer.print(content.schema);
  if (/^text\//i.test(content.mediaType)) return 'string';
  return 'Blob';
}

function clientFactory(model: ApiModel, names: ApiNames): StatementStructures[] {
  const ops = model.operations.map((op) => ({ op, n: names.operations.get(op)! }));
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: names.client,
      docs: [docs(`Every operation of ${model.title}, bound to default options.`)!],
      methods: ops.map(({ op, n }) => ({
        name: n.fn,
        parameters: [
          { name: 'args', type: n.args, hasQuestionToken: argsAreOptional(op) },
          { name: 'options', type: names.options, hasQuestionToken: true },
        ],
        returnType: `Promise<${n.result}>`,
        docs: [docs(op.summary, `See {@link ${n.fn}}.`)!],
      })),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: names.createClient,
      parameters: [{ name: 'defaults', type: names.options, initializer: '{}' }],
      returnType: names.client,
      docs: [`A client whose calls use \`defaults\` (base URLs, auth, fetch, headers) under their own options.`],
      statements: [
        `const merge = (options: ${names.options} = {}): ${names.options} => rt.mergeOptions(defaults as rt.RequestOptions, options as rt.RequestOptions) as ${names.options};`,
        `return {\n${ops.map(({ op, n }) => `  ${n.fn}: (args${argsAreOptional(op) ? '?' : ''}, options) => ${n.fn}(args${argsAreOptional(op) ? ' ?? {}' : ''}, merge(options)),`).join('\n')}\n};`,
      ],
    },
  ];
}

function argsAreOptional(op: Operation): boolean {
  return !op.parameters.some((p) => p.required) && op.requestBody?.required !== true;
}
