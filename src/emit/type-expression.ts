import type { NamedSchema, Schema } from '../model/ir.js';
import { docs, memberDoc, patternKeyType, primitiveLiteral, propertyKey } from './naming.js';
import type { SchemaSides, Side } from './sides.js';

export interface TypePrinterOptions {
  /** The identifier of a named schema's type on a side, qualified as the file needs (`types.Task`). */
  refName: (schemaName: string, side: Side) => string;
  /** Which side the printed types are for (default: `response`). */
  side?: Side;
  /** Leaves out the properties the side does not carry; without it every property is printed. */
  sides?: SchemaSides;
}

/**
 * Prints a model `Schema` as a TypeScript type expression. Named schemas are printed through
 * `refName` (which may qualify them, e.g. `types.Task`); property keys and literal values go
 * through the naming module, property docs through `docText`.
 */
export class TypePrinter {
  private readonly side: Side;
  /** While printing a declaration: refs that would make its alias circular (printed `unknown`). */
  private cut: ReadonlySet<string> | undefined;

  constructor(private readonly options: TypePrinterOptions) {
    this.side = options.side ?? 'response';
  }

  print(schema: Schema, indent = ''): string {
    return this.type(schema, indent, true);
  }

  /**
   * The type of a named schema's alias. `cut` names the refs that would make the alias refer to
   * itself other than through a property or an array (`type A = B; type B = A` does not
   * compile): those print as `unknown`, which is all such a cycle admits anyway.
   */
  declaration(schema: Schema, cut: ReadonlySet<string> | undefined): string {
    this.cut = cut;
    try {
      return this.type(schema, '', false);
    } finally {
      this.cut = undefined;
    }
  }

  /** `guarded`: inside an object or array type, where a type alias may refer to itself. */
  private type(schema: Schema, indent: string, guarded: boolean): string {
    const type = this.bare(schema, indent, guarded);
    return schema.nullable && type !== 'null' && type !== 'unknown' ? `${wrap(type)} | null` : type;
  }

  private bare(schema: Schema, indent: string, guarded: boolean): string {
    switch (schema.kind) {
      case 'ref':
        return !guarded && this.cut?.has(schema.name) ? 'unknown' : this.options.refName(schema.name, this.side);
      case 'primitive':
        if (schema.type === 'string') return schema.binary ? 'Blob' : 'string';
        if (schema.type === 'integer') return 'number';
        return schema.type;
      case 'literal':
        return schema.values.length === 0 ? 'never' : schema.values.map(primitiveLiteral).join(' | ');
      case 'array':
        return schema.prefixItems ? this.tuple(schema, indent) : `Array<${this.type(schema.items, indent, true)}>`;
      case 'object':
        return this.object(schema, indent);
      case 'union':
        return this.union(schema, indent, guarded);
      case 'intersection':
        return allOf(schema.members.map((m) => wrap(this.type(m, indent, guarded))));
      case 'unknown':
        return 'unknown';
    }
  }

  /**
   * A union; with a discriminator, each mapped schema is tagged with its value(s)
   * (`({ kind: "cat" } & Cat) | …`), and variants no mapping entry covers follow untagged.
   */
  private union(schema: Extract<Schema, { kind: 'union' }>, indent: string, guarded: boolean): string {
    if (schema.members.length === 0) return 'never';
    const mapping = schema.discriminator?.mapping ?? [];
    if (!schema.discriminator || mapping.length === 0) return anyOf(schema.members.map((m) => wrap(this.type(m, indent, guarded))));
    const key = propertyKey(schema.discriminator.property);
    const tagged = new Map<string, string[]>();
    for (const m of mapping) {
      const type = wrap(this.type(m.schema, indent, guarded));
      const values = tagged.get(type) ?? [];
      if (!values.includes(m.value)) values.push(m.value);
      tagged.set(type, values);
    }
    const covered = new Set(mapping.map((m) => (m.schema.kind === 'ref' ? m.schema.name : undefined)));
    const rest = schema.members.filter((m) => m.kind !== 'ref' || !covered.has(m.name)).map((m) => wrap(this.type(m, indent, guarded)));
    const members = [...tagged].map(([type, values]) => `(${allOf([`{ ${key}: ${values.map(primitiveLiteral).join(' | ')} }`, type])})`);
    return anyOf([...members, ...rest]);
  }

  /** A tuple: the leading items (optional from `minItems` on), then the rest unless there is none. */
  private tuple(schema: Extract<Schema, { kind: 'array' }>, indent: string): string {
    const required = schema.minItems ?? 0;
    const items = (schema.prefixItems ?? []).map((item, i) => `${wrap(this.type(item, indent, true))}${i < required ? '' : '?'}`);
    const rest = this.type(schema.items, indent, true);
    if (rest !== 'never') items.push(`...Array<${rest}>`);
    return `[${items.join(', ')}]`;
  }

  private object(schema: Extract<Schema, { kind: 'object' }>, indent: string): string {
    const inner = `${indent}  `;
    const lines: string[] = [];
    const { sides } = this.options;
    const properties = sides ? schema.properties.filter((p) => sides.shows(p, this.side)) : schema.properties;
    const types: string[] = [];
    for (const p of properties) {
      const type = this.type(p.schema, inner, true);
      // Parenthesised only where an index signature joins them: wrapping every property type
      // scanned each nested level's whole text again (issue 9: quadratic in nesting depth).
      types.push(type);
      lines.push(`${inner}${memberDoc(this.propertyDocs(p.schema), inner)}${propertyKey(p.name)}${p.required ? '' : '?'}: ${type};`);
    }
    // Patterns that only say "starts with" key their own index signature (`` `x-${string}` ``);
    // the values of other patterns join the string index signature.
    const keyed = new Map<string, { prefix: string; values: string[] }>();
    const folded: string[] = [];
    for (const p of schema.patternProperties ?? []) {
      const type = wrap(this.type(p.schema, inner, true));
      const key = patternKeyType(p.pattern);
      if (key === undefined) folded.push(type);
      else keyed.set(key.type, { prefix: key.prefix, values: [...(keyed.get(key.type)?.values ?? []), type] });
    }
    const extra = schema.additionalProperties;
    // An index signature must admit every declared property it covers (an optional one: with
    // undefined), and a string one the values of the template ones too.
    const optional = properties.some((p) => !p.required) ? ['undefined'] : [];
    for (const [key, { prefix, values }] of keyed) {
      const covered = properties.filter((p) => p.name.startsWith(prefix));
      const all = [...values, ...covered.map((p) => wrap(types[properties.indexOf(p)]!)), ...(covered.some((p) => !p.required) ? ['undefined'] : [])];
      lines.push(`${inner}[key: ${key}]: ${anyOf(all)};`);
    }
    if (extra !== undefined || folded.length > 0) {
      const extraType = extra === undefined ? [] : [extra === true ? 'unknown' : wrap(this.type(extra, inner, true))];
      lines.push(
        `${inner}[key: string]: ${anyOf([...extraType, ...folded, ...[...keyed.values()].flatMap((k) => k.values), ...types.map(wrap), ...optional])};`,
      );
    }
    // Every property one-sided: the side has none of them, and says nothing of other keys (as
    // an allOf part, `Record<string, never>` would make every other part's properties never).
    if (lines.length === 0) return schema.properties.length > 0 ? 'object' : 'Record<string, never>';
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  /** TSDoc of a property: description, format, default, an example, deprecation, one-sidedness. */
  private propertyDocs(schema: Schema): string | undefined {
    const flagged = (flag: 'readOnly' | 'writeOnly'): boolean => this.options.sides?.flagged(schema, flag) ?? schema[flag] === true;
    return docs(
      schema.description,
      annotations(schema),
      this.side === 'response' && flagged('readOnly') && 'Read-only: never part of what the client sends.',
      this.side === 'request' && flagged('writeOnly') && 'Write-only: never part of what the client receives.',
      schema.deprecated && '@deprecated',
    );
  }
}

/** The format, `@defaultValue` and a short `@example` of a schema, one per line. */
export function annotations(schema: Schema): string | undefined {
  const lines: string[] = [];
  // A binary string is typed Blob: its format says nothing more.
  if (schema.format && !(schema.kind === 'primitive' && schema.binary)) lines.push(`Format: ${schema.format}.`);
  if (schema.default !== undefined) lines.push(`@defaultValue ${oneLine(schema.default)}`);
  const example = schema.examples?.[0];
  if (example !== undefined && oneLine(example).length <= 120) lines.push(`@example ${oneLine(example)}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Compact JSON for a doc line (`docText` neutralises what could end the comment). */
function oneLine(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * For each named schema, the refs its alias must not print as such: those at positions where
 * an alias may not refer to itself (the top, union and intersection members) that lead back to
 * it through such positions only. Refs at the top or in an intersection are cut first, and union
 * members only where a cycle remains: in the common `Pet: oneOf [Cat, Dog]` + `Cat: allOf [Pet,
 * …]`, `Cat` loses its ref to `Pet` (a union of itself and its siblings) and `Pet` stays whole.
 */
export function circularRefs(schemas: readonly NamedSchema[]): Map<string, Set<string>> {
  const edges = new Map<string, Map<string, boolean>>();
  for (const s of schemas) edges.set(s.name, unguardedRefs(s.schema, new Map(), false));
  const result = new Map<string, Set<string>>();
  // An edge lies on a cycle exactly when both ends are in one strongly connected component
  // (a self-reference included): one linear pass per round, not a search per edge.
  const cutCycles = (inUnion: boolean): void => {
    const component = components(edges);
    const cuts: Array<[string, string]> = [];
    for (const [name, refs] of edges)
      for (const [ref, union] of refs) if (union === inUnion && component.get(ref) === component.get(name)) cuts.push([name, ref]);
    for (const [name, ref] of cuts) {
      edges.get(name)!.delete(ref);
      const set = result.get(name) ?? new Set<string>();
      set.add(ref);
      result.set(name, set);
    }
  };
  cutCycles(false);
  cutCycles(true);
  return result;
}

/**
 * The strongly connected component of each node (Tarjan's algorithm, iterative so that long
 * chains of references cannot overflow the stack). Edges to unknown names are ignored.
 */
function components(edges: ReadonlyMap<string, ReadonlyMap<string, boolean>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: edges.get(node)!.keys() });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const to = step.value;
        if (!edges.has(to)) continue;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        for (let member = stack.pop()!; ; member = stack.pop()!) {
          onStack.delete(member);
          component.set(member, components);
          if (member === frame.node) break;
        }
        components++;
      }
    }
  }
  return component;
}

/** Refs at unguarded positions → whether only as union members. */
function unguardedRefs(schema: Schema, into: Map<string, boolean>, inUnion: boolean): Map<string, boolean> {
  if (schema.kind === 'ref') into.set(schema.name, inUnion && into.get(schema.name) !== false);
  else if (schema.kind === 'union') {
    for (const m of schema.members) unguardedRefs(m, into, true);
    for (const m of schema.discriminator?.mapping ?? []) unguardedRefs(m.schema, into, true);
  } else if (schema.kind === 'intersection') for (const m of schema.members) unguardedRefs(m, into, inUnion);
  return into;
}

/** Parenthesises a union or intersection inside another one (extra parentheses are harmless). */
function wrap(type: string): string {
  return type.includes(' | ') || type.includes(' & ') ? `(${type})` : type;
}

/** A union of printed types: `unknown` absorbs the others. */
function anyOf(types: string[]): string {
  return types.includes('unknown') ? 'unknown' : unique(types).join(' | ');
}

/** An intersection of printed types: `unknown` adds nothing. */
function allOf(types: string[]): string {
  const known = unique(types.filter((t) => t !== 'unknown'));
  return known.length === 0 ? 'unknown' : known.join(' & ');
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
