import { resolveLocal } from '../load/check-refs.js';
import { fromRefFragment, toPointer, unescapeSegment } from '../load/json-pointer.js';
import type { LiteralSchema, NamedSchema, Property, Schema, SchemaCommon } from '../model/ir.js';
import { uniqueName } from '../model/unique-name.js';
import type { Warnings } from './warnings.js';

/** Path segments of a schema's place in its document; undefined where the caller does not know it. */
type At = Array<string | number> | undefined;
const under = (at: At, ...segments: Array<string | number>): At => (at === undefined ? undefined : [...at, ...segments]);

/** Keywords the types cannot say; a schema that uses one types wider than it validates. */
const UNTYPED_KEYWORDS = ['not', 'if'] as const;

/**
 * Converts JSON Schema as found in OpenAPI 2.0/3.0/3.1 and AsyncAPI 2.x/3.x into the model's
 * `Schema`. References to the document's named schemas stay references (`kind: 'ref'`) so that
 * recursive schemas are fine and names survive; other local references are followed.
 */
export class SchemaConverter {
  /** `#/components/schemas/` (OpenAPI 3, AsyncAPI) or `#/definitions/` (Swagger 2.0). */
  private readonly namedPrefix: string;
  /** The document's named schema objects → their names (a schema knows its name by identity). */
  private namedObjects: Map<object, string> | undefined;
  /**
   * Local `$ref`s to a schema that is not one of the named ones (the inside of one, as bundlers
   * write them, or a schema elsewhere in the document) become named schemas of their own, named
   * after their place: inlining them at every use grows exponentially when they nest (an Azure
   * spec of 150 KB took minutes and gave megabytes of types). The builder appends these to the
   * model's schemas once everything is converted.
   */
  readonly hoisted: NamedSchema[] = [];
  private readonly hoistedNames = new Map<string, string>();
  private readonly usedNames = new Set<string>();

  /** `original`: the place in the document as written of a path of `document` (names and pointers of hoisted schemas say it). */
  constructor(
    private readonly document: Record<string, unknown>,
    namedPrefix: string,
    private readonly warnings?: Warnings,
    private readonly original: (path: ReadonlyArray<string | number>) => Array<string | number> = (path) => [...path],
  ) {
    this.namedPrefix = namedPrefix;
  }

  /** Name of the named schema a `$ref` points at, if it points at one directly. */
  namedRef(ref: string): string | undefined {
    if (!ref.startsWith(this.namedPrefix)) return undefined;
    const rest = ref.slice(this.namedPrefix.length);
    if (rest.includes('/')) return undefined;
    return unescapeSegment(decodeURIComponent(rest));
  }

  /** The named schema (the object under the named prefix) this object is, if it is one. */
  private nameOf(s: object): string | undefined {
    if (!this.namedObjects) {
      this.namedObjects = new Map();
      const container = resolveLocal(this.document, this.namedPrefix.slice(0, -1));
      if (isRecord(container)) for (const [name, value] of Object.entries(container)) if (isRecord(value)) this.namedObjects.set(value, name);
    }
    return this.namedObjects.get(s);
  }

  private hoist(ref: string): string | undefined {
    const known = this.hoistedNames.get(ref);
    if (known !== undefined) return known;
    const target = resolveLocal(this.document, ref);
    if (target === undefined) return undefined;
    if (this.usedNames.size === 0) {
      const container = resolveLocal(this.document, this.namedPrefix.slice(0, -1));
      if (isRecord(container)) for (const name of Object.keys(container)) this.usedNames.add(name);
    }
    const place = this.original(fromRefFragment(ref.slice(1)) ?? []);
    const segments = place.filter((seg) => !STRUCTURAL.has(String(seg)));
    const base = segments.join('_') || 'Schema';
    const name = uniqueName(base, (c) => this.usedNames.has(c));
    this.usedNames.add(name);
    this.hoistedNames.set(ref, name);
    // Registered before converting, so a schema that refers to itself is a plain recursive reference.
    const entry: NamedSchema = { name, schema: { kind: 'unknown' }, pointer: toPointer(place) };
    this.hoisted.push(entry);
    entry.schema = this.convert(target, fromRefFragment(ref.slice(1)));
    return name;
  }

  /**
   * The model's schema for `input`; `at` is where it stands in the document (for warnings about
   * what the types leave out). A schema reached by `$ref` is converted once, at its own place.
   */
  convert(input: unknown, at?: At): Schema {
    if (input === true || input === undefined || input === null) return { kind: 'unknown' };
    if (input === false) return { kind: 'primitive', type: 'null' };
    if (typeof input !== 'object' || Array.isArray(input)) return { kind: 'unknown' };
    const s = input as Record<string, unknown>;

    const ref = s['$ref'];
    if (typeof ref === 'string') {
      const named = this.namedRef(ref);
      if (named !== undefined) return withCommon({ kind: 'ref', name: named }, s);
      if (!ref.startsWith('#')) return { kind: 'unknown' };
      const hoisted = this.hoist(ref);
      return hoisted === undefined ? { kind: 'unknown' } : withCommon({ kind: 'ref', name: hoisted }, s);
    }

    if (this.warnings && at !== undefined) {
      for (const keyword of UNTYPED_KEYWORDS) {
        if (s[keyword] !== undefined)
          this.warnings.add([...at, keyword], `\`${keyword}\` cannot be expressed in TypeScript types; it is left out (the type admits more than the schema)`);
      }
    }
    const common = commonOf(s);
    const composed = this.composition(s, common, at);
    if (composed) return composed;

    const types = typeList(s);
    const nullable = isNullable(s) || types.includes('null');
    const nonNull = types.filter((t) => t !== 'null');

    // A nullable enum admits null whether or not its values list it (as the peers read it);
    // an enum of objects or arrays is typed by its `type` instead.
    const values = 'const' in s ? [s['const']] : Array.isArray(s['enum']) ? s['enum'] : undefined;
    if (values?.every(isPrimitive)) return literal(nullable && !('const' in s) ? [...values, null] : values, common);

    if (nullable) common.nullable = true;

    if (nonNull.length > 1) {
      return { kind: 'union', members: nonNull.map((t) => this.single(t, s, {}, at)), ...common };
    }
    const type = nonNull[0] ?? inferType(s);
    if (type === undefined) return types.includes('null') ? { kind: 'primitive', type: 'null', ...common, nullable: false } : { kind: 'unknown', ...common };
    return this.single(type, s, common, at);
  }

  private single(type: string, s: Record<string, unknown>, common: SchemaCommon, at: At): Schema {
    switch (type) {
      case 'object':
        return this.object(s, common, at);
      case 'array':
        return this.array(s, common, at);
      case 'string':
        return s['format'] === 'binary' || s['type'] === 'file'
          ? { kind: 'primitive', type: 'string', binary: true, ...common }
          : { kind: 'primitive', type: 'string', ...common };
      case 'file':
        return { kind: 'primitive', type: 'string', binary: true, ...common };
      case 'integer':
      case 'number':
      case 'boolean':
      case 'null':
        return { kind: 'primitive', type, ...common };
      default:
        return { kind: 'unknown', ...common };
    }
  }

  /**
   * An array; a tuple when it has `prefixItems` (2020-12, OpenAPI 3.1) or an array of `items`
   * (draft 4-7, AsyncAPI 2.x), the rest typed by `items` / `additionalItems` (`false`: none).
   */
  private array(s: Record<string, unknown>, common: SchemaCommon, at: At): Schema {
    const prefixKey = Array.isArray(s['prefixItems']) ? 'prefixItems' : Array.isArray(s['items']) ? 'items' : undefined;
    const prefix = prefixKey === undefined ? undefined : (s[prefixKey] as unknown[]);
    if (!prefix) return { kind: 'array', items: this.convert(s['items'], under(at, 'items')), ...common };
    const restKey = Array.isArray(s['items']) ? 'additionalItems' : 'items';
    const rest = s[restKey];
    const result: Schema = {
      kind: 'array',
      prefixItems: prefix.map((item, i) => this.convert(item, under(at, prefixKey!, i))),
      items: rest === false ? { kind: 'literal', values: [] } : this.convert(rest, under(at, restKey)),
      ...common,
    };
    if (typeof s['minItems'] === 'number' && Number.isInteger(s['minItems']) && s['minItems'] > 0) result.minItems = s['minItems'];
    return result;
  }

  private object(s: Record<string, unknown>, common: SchemaCommon, at: At): Schema {
    const required = new Set(Array.isArray(s['required']) ? s['required'].filter((r): r is string => typeof r === 'string') : []);
    const props = isRecord(s['properties']) ? s['properties'] : {};
    const properties: Property[] = Object.keys(props).map((name) => ({
      name,
      schema: this.convert(props[name], under(at, 'properties', name)),
      required: required.has(name),
    }));
    const additional = s['additionalProperties'];
    const patterns = isRecord(s['patternProperties'])
      ? Object.entries(s['patternProperties']).map(([pattern, value]) => ({ pattern, schema: this.convert(value, under(at, 'patternProperties', pattern)) }))
      : [];
    const result: Schema = { kind: 'object', properties, ...common };
    if (additional === true || (isRecord(additional) && Object.keys(additional).length === 0)) result.additionalProperties = true;
    else if (isRecord(additional)) result.additionalProperties = this.convert(additional, under(at, 'additionalProperties'));
    // A schema with neither properties nor a rule for extra keys is an open map.
    else if (additional === undefined && properties.length === 0 && patterns.length === 0) result.additionalProperties = true;
    if (patterns.length > 0) result.patternProperties = patterns;
    return result;
  }

  private composition(s: Record<string, unknown>, common: SchemaCommon, at: At): Schema | undefined {
    const alternativeKeys = (['oneOf', 'anyOf'] as const).filter((k) => Array.isArray(s[k]));
    const all = Array.isArray(s['allOf']) ? s['allOf'] : undefined;
    if (alternativeKeys.length === 0 && !all) return undefined;
    // The schema's own keywords (properties, type) apply alongside the composition.
    const own = { ...s };
    // `not`/`if` were reported for the whole schema already.
    for (const k of [
      'oneOf',
      'anyOf',
      'allOf',
      'discriminator',
      'description',
      'title',
      'nullable',
      'x-nullable',
      'default',
      'deprecated',
      'readOnly',
      'writeOnly',
      'example',
      'examples',
      ...UNTYPED_KEYWORDS,
    ])
      delete own[k];
    const hasOwn = 'properties' in own || 'additionalProperties' in own || 'items' in own || 'prefixItems' in own || 'enum' in own || 'const' in own;
    const parts: Schema[] = [];
    if (hasOwn) parts.push(this.convert(own, at));
    if (all) {
      parts.push(...all.map((m, i) => this.convert(m, under(at, 'allOf', i))));
      const tag = this.inheritedTag(s, all);
      if (tag) parts.push(tag);
    }
    for (const key of alternativeKeys) {
      const variants = s[key] as unknown[];
      const union: Schema = { kind: 'union', members: variants.map((m, i) => this.convert(m, under(at, key, i))) };
      const discriminator = this.discriminator(s['discriminator'], variants);
      if (discriminator) union.discriminator = discriminator;
      parts.push(union);
    }
    if (isNullable(s)) common.nullable = true;
    if (parts.length === 1) return { ...parts[0]!, ...common };
    return { kind: 'intersection', members: parts, ...common };
  }

  /**
   * The discriminator of a `oneOf`/`anyOf`: the explicit `mapping` (value → schema), then, for
   * each variant that is a named schema no mapping entry points at, the implicit one (its name).
   */
  private discriminator(input: unknown, variants: unknown[]): { property: string; mapping: Array<{ value: string; schema: Schema }> } | undefined {
    if (!isRecord(input) || typeof input['propertyName'] !== 'string') return undefined;
    const mapping: Array<{ value: string; schema: Schema }> = [];
    const mapped = new Set<string>();
    for (const [value, named] of this.explicitMapping(input)) {
      mapping.push({ value, schema: { kind: 'ref', name: named } });
      mapped.add(named);
    }
    for (const v of variants) {
      const named = isRecord(v) && typeof v['$ref'] === 'string' ? this.namedRef(v['$ref']) : undefined;
      if (named !== undefined && !mapped.has(named)) mapping.push({ value: named, schema: { kind: 'ref', name: named } });
    }
    return { property: input['propertyName'], mapping };
  }

  /** A discriminator's `mapping` as [value, schema name] pairs (a value may be a name or a `$ref`). */
  private explicitMapping(discriminator: Record<string, unknown>): Array<[string, string]> {
    if (!isRecord(discriminator['mapping'])) return [];
    const pairs: Array<[string, string]> = [];
    for (const [value, ref] of Object.entries(discriminator['mapping'])) {
      if (typeof ref !== 'string') continue;
      const named = this.namedRef(ref) ?? (ref.startsWith('#') ? undefined : ref);
      if (named !== undefined) pairs.push([value, named]);
    }
    return pairs;
  }

  /**
   * Inheritance through `allOf`: a named schema that includes a named parent with a
   * `discriminator` (with or without a `oneOf` of its children) gets the parent's property fixed
   * to its own value(s): the mapping's keys that point at it, else its name.
   */
  private inheritedTag(s: Record<string, unknown>, all: unknown[]): Schema | undefined {
    const own = this.nameOf(s);
    if (own === undefined) return undefined;
    for (const member of all) {
      if (!isRecord(member) || typeof member['$ref'] !== 'string' || this.namedRef(member['$ref']) === undefined) continue;
      const parent = resolveLocal(this.document, member['$ref']);
      if (!isRecord(parent) || parent === s) continue;
      // Swagger 2.0's discriminator is the property's name alone.
      const discriminator = parent['discriminator'];
      const property = typeof discriminator === 'string' ? discriminator : isRecord(discriminator) ? discriminator['propertyName'] : undefined;
      if (typeof property !== 'string') continue;
      const keys = isRecord(discriminator)
        ? this.explicitMapping(discriminator)
            .filter(([, named]) => named === own)
            .map(([value]) => value)
        : [];
      return {
        kind: 'object',
        properties: [{ name: property, required: true, schema: { kind: 'literal', values: keys.length > 0 ? keys : [own] } }],
      };
    }
    return undefined;
  }
}

/** OpenAPI 3.0's `nullable`, or Swagger 2.0's `x-nullable` extension. */
function isNullable(s: Record<string, unknown>): boolean {
  return s['nullable'] === true || s['x-nullable'] === true;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Path words that say nothing about what a hoisted schema is. */
const STRUCTURAL = new Set([
  'components',
  'schemas',
  'definitions',
  'properties',
  'items',
  'content',
  'schema',
  'allOf',
  'oneOf',
  'anyOf',
  'additionalProperties',
  'paths',
]);

function literal(values: unknown[], common: SchemaCommon): LiteralSchema {
  // A set keeps the first of each value (same comparison as `includes`), in one pass: a list
  // search per value was quadratic (issue 9: 100k enum values took 12 s).
  const out = new Set<string | number | boolean | null>();
  for (const v of values) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out.add(v);
  }
  return { kind: 'literal', values: [...out], ...common };
}

function typeList(s: Record<string, unknown>): string[] {
  const t = s['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

function inferType(s: Record<string, unknown>): string | undefined {
  if (isRecord(s['properties']) || 'additionalProperties' in s || 'patternProperties' in s) return 'object';
  if ('items' in s || 'prefixItems' in s) return 'array';
  return undefined;
}

const COMMON_KEYS = ['description', 'title', 'format'] as const;

function commonOf(s: Record<string, unknown>): SchemaCommon {
  const c: SchemaCommon = {};
  for (const k of COMMON_KEYS) if (typeof s[k] === 'string') c[k] = s[k];
  if (s['deprecated'] === true) c.deprecated = true;
  if (s['readOnly'] === true) c.readOnly = true;
  if (s['writeOnly'] === true) c.writeOnly = true;
  if ('default' in s) c.default = s['default'];
  if (Array.isArray(s['examples'])) c.examples = s['examples'];
  else if ('example' in s) c.examples = [s['example']];
  return c;
}

function withCommon<T extends Schema>(schema: T, s: Record<string, unknown>): T {
  // Next to a $ref (3.1 allows siblings; 3.0 documents write them anyway) the annotations are
  // honoured: docs, default, examples, deprecated, readOnly/writeOnly, nullable.
  const { title: _title, format: _format, ...annotations } = commonOf(s);
  Object.assign(schema, annotations);
  if (isNullable(s)) schema.nullable = true;
  return schema;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
