import { type StatementStructures, StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { ApiModel, Content, Link, Operation, Parameter, Response, Schema } from '../model/ir.js';
import { authMember, securitySchemesInfo, serverInfo } from './api-info.js';
import { type ApiNames, type OperationNames, successResponses } from './api-names.js';
import { type Code, code, joinCode, typed } from './code.js';
import { camelCase, docs, inlineDoc, jsonExpression, NameScope, primitiveLiteral, propertyKey, stringLiteral } from './naming.js';
import { TypePrinter } from './type-expression.js';

const RUNTIME = '../runtime/request.js';
/** Pollers and link helpers come from their own runtime modules, imported only by APIs that have them (a bundler then keeps only what a call uses). */
const POLL_RUNTIME = '../runtime/poll.js';
const SERIALISE_RUNTIME = '../runtime/serialise.js';
const LINKS_RUNTIME = '../runtime/links.js';

/** Runtime classes and types a REST API module re-exports, each unless a name of the spec took it (`ApiNames.runtimeExport`). */
const RUNTIME_EXPORTS: ReadonlyArray<[name: string, isType: boolean]> = [
  ['NetworkError', false],
  ['TimeoutError', false],
  ['ResponseValidationError', false],
  ['ResponseTooLargeError', false],
  ['RetryOptions', true],
  ['RetryEvent', true],
  ['RequestEvent', true],
  ['ResponseEvent', true],
  ['PollOptions', true],
];

/** A response's links turned into one helper method each. */
interface LinkHelper {
  link: Link;
  response: Response;
  target: Operation;
  method: string;
}

/** Link helpers per operation; the helper objects' names come from `ApiNames`. */
interface ExtraNames {
  pollers: Map<Operation, string>;
  links: Map<Operation, { name: string; helpers: LinkHelper[] }>;
}

function extraNames(model: ApiModel, names: ApiNames): ExtraNames {
  const links = new Map<Operation, { name: string; helpers: LinkHelper[] }>();
  for (const [op, name] of names.linkObjects) {
    // `then` would make the helper object a thenable.
    const methods = new NameScope(['then']);
    const helpers: LinkHelper[] = [];
    for (const response of successResponses(op)) {
      for (const link of response.links ?? []) {
        const target = model.operations.find((o) => o.id === link.operationId)!;
        helpers.push({ link, response, target, method: methods.claim(camelCase(link.name, 'link')) });
      }
    }
    links.set(op, { name, helpers });
  }
  return { pollers: names.pollers, links };
}

/**
 * `src/<api>/operations.ts`: one exported async function per REST operation, its argument,
 * result and error types, the API's options type and a `create…Client` factory.
 */
/**
 * `warn` hears what the file cannot carry, at a JSON pointer into the model's document: today a
 * request body's other media types (a call sends one).
 */
export function emitOperationsFile(model: ApiModel, names: ApiNames, warn?: (pointer: string, problem: string) => void): StatementStructures[] {
  let usesTypes = false;
  const printer = sidedPrinters(names, () => {
    usesTypes = true;
  });
  const extra = extraNames(model, names);
  const statements: StatementStructures[] = [];
  // The spec's names win: a runtime name one of them took is not re-exported here.
  statements.push({
    kind: StructureKind.ExportDeclaration,
    moduleSpecifier: RUNTIME,
    namedExports: RUNTIME_EXPORTS.filter(([name]) => names.runtimeExport(name)).map(([name, isType]) => (isType ? `type ${name}` : name)),
  });
  statements.push(constant('api', 'rt.ApiInfo', jsonExpression(apiInfo(model))), ...optionsTypes(model, names));
  for (const op of model.operations) statements.push(...operationStatements(op, names.operations.get(op)!, names, printer));
  if (warn) for (const op of model.operations) warnOtherMediaTypes(model, op, warn);
  for (const op of model.operations) {
    const poller = extra.pollers.get(op);
    if (poller) statements.push(pollerStatement(op, poller, names));
    const links = extra.links.get(op);
    if (links) statements.push(linksStatement(op, links.name, links.helpers, names, printer));
  }
  statements.push(...clientFactory(model, names, extra));
  // `types` only when referred to (always in exported types, so the declaration file needs it too).
  const imports: StatementStructures[] = [{ kind: StructureKind.ImportDeclaration, namespaceImport: 'rt', moduleSpecifier: RUNTIME }];
  if (model.operations.some(usesSerialisers))
    imports.push({ kind: StructureKind.ImportDeclaration, namespaceImport: 'rtSer', moduleSpecifier: SERIALISE_RUNTIME });
  if (extra.pollers.size > 0) imports.push({ kind: StructureKind.ImportDeclaration, namespaceImport: 'rtPoll', moduleSpecifier: POLL_RUNTIME });
  if (extra.links.size > 0) imports.push({ kind: StructureKind.ImportDeclaration, namespaceImport: 'rtLinks', moduleSpecifier: LINKS_RUNTIME });
  if (usesTypes) imports.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: 'types', moduleSpecifier: './types.js' });
  return [...imports, ...statements];
}

/** Request-side types for arguments, response-side types for results and errors. */
interface Printers {
  request: TypePrinter;
  response: TypePrinter;
}

/** `onRef` is told whenever a type refers to the types file. */
function sidedPrinters(names: ApiNames, onRef: () => void): Printers {
  const refName = (name: string, side: 'request' | 'response'): string => {
    onRef();
    return `types.${names.schemaType(name, side)}`;
  };
  return {
    request: new TypePrinter({ refName, side: 'request', sides: names.sides }),
    response: new TypePrinter({ refName, side: 'response', sides: names.sides }),
  };
}

function apiInfo(model: ApiModel): object {
  const servers: Record<string, object> = Object.create(null);
  for (const s of model.servers) servers[s.key] = serverInfo(s);
  // The expansion (and its host guards) only for APIs whose server URLs hold variables.
  const expandServer = model.servers.some((s) => s.url.includes('{')) ? code`rt.expandServerUrl` : undefined;
  return { servers, securitySchemes: securitySchemesInfo(model), expandServer };
}

/**
 * A typed constant holding spec data. `as const` keeps literal types: without it TypeScript
 * types a key named like an `Object.prototype` member (`constructor`, `valueOf`) from the
 * prototype and widens its value.
 */
function constant(name: string, type: string, initializer: string, isExported = false): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    isExported,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ kind: StructureKind.VariableDeclaration, name, type, initializer: code`${initializer}${typed(' as const')}` }],
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
  const auth = authMember(model, 'before every request');
  if (auth) members.push(auth);
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

/**
 * Whether a parameter needs the runtime's `serialiseQuery` / `serialisePath` (a style the core's
 * `formQuery` / `simplePath` does not carry); the same rule as runtime/serialise.ts's
 * `needsSerialiser` (the generator does not load runtime modules).
 */
function needsSerialiser(p: Parameter): boolean {
  if (p.contentType !== undefined) return false;
  if (p.in === 'query') return p.collectionFormat !== undefined || (p.style !== undefined && p.style !== 'form');
  return p.in === 'path' && (p.collectionFormat !== undefined || p.style === 'label' || p.style === 'matrix');
}

/** The form or multipart encoder a body's media type needs (the core sends JSON, text and bytes itself). */
function bodyEncoder(mediaType: string): Code | undefined {
  const type = mediaType.toLowerCase();
  return type === 'multipart/form-data' ? code`rtSer.multipartBody` : type === 'application/x-www-form-urlencoded' ? code`rtSer.formBody` : undefined;
}

/** Whether an operation's info names a serialiser or encoder from serialise.ts. */
function usesSerialisers(op: Operation): boolean {
  const body = op.requestBody ? preferredContent(op.requestBody.contents) : undefined;
  return op.parameters.some(needsSerialiser) || (body !== undefined && bodyEncoder(body.mediaType) !== undefined);
}

function operationStatements(op: Operation, n: OperationNames, names: ApiNames, printer: Printers): StatementStructures[] {
  const body = op.requestBody ? preferredContent(op.requestBody.contents) : undefined;
  const info = {
    id: op.id,
    method: op.method,
    path: op.path,
    servers: op.servers,
    security: op.security,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      style: p.style,
      explode: p.explode,
      allowReserved: p.allowReserved,
      collectionFormat: p.collectionFormat,
      contentType: p.contentType,
      // Styles the core does not carry: their serialiser, so that only such operations bundle it.
      serialise: needsSerialiser(p) ? code`rtSer.${p.in === 'query' ? 'serialiseQuery' : 'serialisePath'}` : undefined,
    })),
    body: body ? { mediaType: body.mediaType, encoding: body.encoding, encode: bodyEncoder(body.mediaType) } : undefined,
    timeoutMs: op.timeoutMs,
    responses: Object.fromEntries(op.responses.map((r) => [r.status, r.contents.map((c) => c.mediaType)])),
  };
  const argsType = argsShape(op, body, printer.request);
  const argsOptional = argsAreOptional(op);
  const success = op.responses.filter((r) => /^2/.test(r.status));
  const failures = op.responses.filter((r) => !/^2/.test(r.status) && r.status !== 'default');
  const fallback = op.responses.find((r) => r.status === 'default');
  const resultMembers = (success.length > 0 ? success : fallback ? [fallback] : []).map(
    (r) => `rt.ApiResponse<${statusType(r.status)}, ${contentType(r.contents, printer.response)}>`,
  );
  // An error response declared without content still has whatever body the server sent: unknown, not undefined.
  const errorMembers = [...failures, ...(fallback && success.length > 0 ? [fallback] : [])].map(
    (r) => `{ status: ${statusType(r.status)}; body: ${r.contents.length === 0 ? 'unknown' : contentType(r.contents, printer.response)} }`,
  );
  const doc = docs(
    op.summary,
    op.description,
    `\`${op.method.toUpperCase()} ${op.path.replace(/`/g, "'")}\``,
    op.timeoutMs !== undefined &&
      op.timeoutMs > 0 &&
      `Times out after ${op.timeoutMs / 1000} s unless \`timeoutMs\` says otherwise (\`x-specweave-timeout-seconds\`).`,
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
      name: n.fn,
      parameters: [
        { name: 'args', type: n.args, ...(argsOptional ? { initializer: '{}' } : {}) },
        { name: 'options', type: names.options, initializer: '{}' },
      ],
      returnType: `Promise<${n.result}>`,
      statements: [code`return rt.request(api, ${n.info}, args, options)${typed(` as Promise<${n.result}>`)};`],
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
      properties: params.map((p) => ({
        name: p.name,
        required: p.required,
        schema: { ...p.schema, ...(p.description === undefined ? {} : { description: p.description }) },
      })),
    };
    lines.push(`  /** ${location === 'header' ? 'Header' : location === 'cookie' ? 'Cookie' : location === 'path' ? 'Path' : 'Query'} parameters. */`);
    lines.push(`  ${key}${required ? '' : '?'}: ${printer.print(group, '  ')};`);
  }
  if (body) {
    const required = op.requestBody?.required === true;
    const doc = docs(op.requestBody?.description, `Request body (${body.mediaType}).`);
    lines.push(`  ${inlineDoc(doc, '').trimEnd()}`);
    lines.push(`  body${required ? '' : '?'}: ${printer.print(body.schema, '  ')};`);
  }
  return lines.length > 0 ? `{\n${lines.join('\n')}\n}` : 'Record<string, never>';
}

/** JSON first, then form, multipart, text, anything else. */
/** A request body offered in several media types is sent in the preferred one only. */
function warnOtherMediaTypes(model: ApiModel, op: Operation, warn: (pointer: string, problem: string) => void): void {
  const contents = op.requestBody?.contents ?? [];
  if (contents.length < 2) return;
  const chosen = preferredContent(contents)!;
  const others = contents.filter((c) => c !== chosen).map((c) => c.mediaType);
  const pointer = model.source.kind === 'openapi' && model.source.version === '2.0' ? `${op.pointer}/consumes` : `${op.pointer}/requestBody/content`;
  warn(pointer, `the request body may also be sent as ${others.join(', ')}; the generated call sends ${chosen.mediaType} only`);
}

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

/** The type of a poller's result: the operation's body, its field narrowed to the terminal values. */
function pollResultType(op: Operation, names: ApiNames): string {
  const n = names.operations.get(op)!;
  const poll = op.poll!;
  return `${n.result}['data'] & { ${propertyKey(poll.field)}: ${poll.values.map(primitiveLiteral).join(' | ')} }`;
}

function pollOptionsType(op: Operation, names: ApiNames): string {
  return `${names.options} & rt.PollOptions<${names.operations.get(op)!.result}['data']>`;
}

/** `x-specweave-poll`: polls the operation until its body's field holds a terminal value. */
function pollerStatement(op: Operation, name: string, names: ApiNames): StatementStructures {
  const n = names.operations.get(op)!;
  const poll = op.poll!;
  const values = poll.values.map((v) => JSON.stringify(v).replace(/`/g, "'")).join(', ');
  const doc = docs(
    `Calls {@link ${n.fn}} until \`${poll.field.replace(/`/g, "'")}\` is one of ${values}, and returns that body.`,
    'Waits `intervalMs` (default 1000) before the second call, 1.5× longer each time up to `maxIntervalMs` (default 10 000); each call has the usual timeout and retries.',
    "@throws {@link rt.TimeoutError} when `deadlineMs` passes first (with the last response); the `signal`'s reason when it aborts (also between calls); anything a call throws.",
  );
  return {
    kind: StructureKind.Function,
    isExported: true,
    isAsync: true,
    name,
    parameters: [
      { name: 'args', type: n.args, ...(argsAreOptional(op) ? { initializer: '{}' } : {}) },
      { name: 'options', type: pollOptionsType(op, names), initializer: '{}' },
    ],
    returnType: `Promise<${pollResultType(op, names)}>`,
    statements: [
      code`return (await rtPoll.poll(api, ${n.info}, args, options, ${jsonExpression({ field: poll.field, values: poll.values })}))${typed(` as ${pollResultType(op, names)}`)};`,
    ],
    docs: doc ? [doc] : [],
  };
}

/** Where each of a link's parameters goes in the target's arguments. */
function linkInfo(helper: LinkHelper): object {
  const parameters = Object.entries(helper.link.parameters).map(([key, value]) => {
    const qualified = /^(path|query|header|cookie)\.(.+)$/.exec(key);
    const target =
      (qualified ? helper.target.parameters.find((p) => p.in === qualified[1] && p.name === qualified[2]) : undefined) ??
      helper.target.parameters.find((p) => p.name === key);
    return target ? { in: target.in, name: target.name, value } : undefined;
  });
  const info: Record<string, unknown> = { name: helper.link.name, parameters: parameters.filter((p) => p !== undefined) };
  if (helper.link.requestBody !== undefined) info['requestBody'] = helper.link.requestBody;
  return info;
}

function linkSignature(op: Operation, helper: LinkHelper, names: ApiNames, printer: Printers): { source: string; extra: string; result: string } {
  const n = names.operations.get(op)!;
  const t = names.operations.get(helper.target)!;
  return {
    source: `rt.ApiResponse<${statusType(helper.response.status)}, ${contentType(helper.response.contents, printer.response)}>`,
    extra: `{ request?: ${n.args}; args?: Partial<${t.args}> }`,
    result: `Promise<${t.result}>`,
  };
}

/**
 * OpenAPI links of an operation's responses: one object with a method per link, which calls the
 * target operation with the inputs the link takes from the response.
 */
function linksStatement(op: Operation, name: string, helpers: LinkHelper[], names: ApiNames, printer: Printers): StatementStructures {
  const n = names.operations.get(op)!;
  const members: string[] = [];
  const initialisers: Code[] = [];
  for (const helper of helpers) {
    const t = names.operations.get(helper.target)!;
    const sig = linkSignature(op, helper, names, printer);
    const inputs = Object.entries(helper.link.parameters).map(([k, v]) => `\`${k}\` ← ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    if (helper.link.requestBody !== undefined) inputs.push(`body ← ${JSON.stringify(helper.link.requestBody)}`);
    const doc = docs(
      helper.link.description,
      `Link \`${helper.link.name}\` of the ${helper.response.status} response: calls {@link ${t.fn}}${inputs.length > 0 ? ` with ${inputs.join('; ')}` : ''}.`,
      '`extra.request`: the arguments of the call that gave `result` (for `$request.…` expressions); `extra.args`: more or overriding arguments of the target.',
    );
    members.push(`${inlineDoc(doc, '  ')}${helper.method}(result: ${sig.source}, options?: ${names.options}, extra?: ${sig.extra}): ${sig.result};`);
    initialisers.push(
      code`${helper.method}: async ($result, $options = {}, $extra = {}) =>\n    ${t.fn}(rtLinks.linkArgs${typed(`<${t.args}>`)}(${jsonExpression(linkInfo(helper), '    ')}, { operation: ${n.info}, response: $result, request: $extra.request }, $extra.args), $options),`,
    );
  }
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`Follow-up calls from the responses of {@link ${n.fn}} (the API document's links).`],
    declarations: [
      { kind: StructureKind.VariableDeclaration, name, type: `{\n  ${members.join('\n  ')}\n}`, initializer: code`{\n  ${joinCode(initialisers, '\n  ')}\n}` },
    ],
  };
}

function clientFactory(model: ApiModel, names: ApiNames, extra: ExtraNames): StatementStructures[] {
  const ops = model.operations.map((op) => ({ op, n: names.operations.get(op)! }));
  const pollers = model.operations.filter((op) => extra.pollers.has(op));
  const links = model.operations.filter((op) => extra.links.has(op));
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: names.client,
      docs: [docs(`Every operation of ${model.title}, bound to default options.`)!],
      methods: [
        ...ops.map(({ op, n }) => ({
          name: n.fn,
          parameters: [
            { name: 'args', type: n.args, hasQuestionToken: argsAreOptional(op) },
            { name: 'options', type: names.options, hasQuestionToken: true },
          ],
          returnType: `Promise<${n.result}>`,
          docs: [docs(op.summary, `See {@link ${n.fn}}.`)!],
        })),
        ...pollers.map((op) => ({
          name: extra.pollers.get(op)!,
          parameters: [
            { name: 'args', type: names.operations.get(op)!.args, hasQuestionToken: argsAreOptional(op) },
            { name: 'options', type: pollOptionsType(op, names), hasQuestionToken: true },
          ],
          returnType: `Promise<${pollResultType(op, names)}>`,
          docs: [`See {@link ${extra.pollers.get(op)!}}.`],
        })),
      ],
      properties: links.map((op) => ({
        name: extra.links.get(op)!.name,
        type: `typeof ${extra.links.get(op)!.name}`,
        isReadonly: true,
        docs: [`See {@link ${extra.links.get(op)!.name}}.`],
      })),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: names.createClient,
      // `$`-names cannot clash: sanitised identifiers never contain `$`.
      parameters: [{ name: '$defaults', type: names.options, initializer: '{}' }],
      returnType: names.client,
      docs: [`A client whose calls use \`defaults\` (base URLs, auth, fetch, headers) under their own options.`],
      statements: [
        code`const $merge = ($options${typed(`: ${names.options}`)} = {})${typed(`: ${names.options}`)} => rt.mergeOptions($defaults${typed(' as rt.RequestOptions')}, $options${typed(' as rt.RequestOptions')})${typed(` as ${names.options}`)};`,
        code`return {\n${joinCode(
          [
            ...ops.map(
              ({ op, n }) =>
                code`  ${n.fn}: ($args${typed(argsAreOptional(op) ? '?' : '')}, $options${typed('?')}) => ${n.fn}($args${argsAreOptional(op) ? ' ?? {}' : ''}, $merge($options)),`,
            ),
            ...pollers.map((op) => {
              const poller = extra.pollers.get(op)!;
              return code`  ${poller}: ($args${typed(argsAreOptional(op) ? '?' : '')}, $options${typed('?')}) => ${poller}($args${argsAreOptional(op) ? ' ?? {}' : ''}, { ...$options, ...$merge($options) }),`;
            }),
            ...links.map((op) => {
              const { name, helpers } = extra.links.get(op)!;
              const methods = helpers.map(
                (h) => code`    ${h.method}: ($result, $options${typed('?')}, $more${typed('?')}) => ${name}.${h.method}($result, $merge($options), $more),`,
              );
              return code`  ${name}: {\n${joinCode(methods, '\n')}\n  },`;
            }),
          ],
          '\n',
        )}\n};`,
      ],
    },
  ];
}

function argsAreOptional(op: Operation): boolean {
  return !op.parameters.some((p) => p.required) && op.requestBody?.required !== true;
}
