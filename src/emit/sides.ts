import type { NamedSchema, Property, Schema } from '../model/ir.js';

/**
 * Which way a value travels. Request-side types (request bodies, parameters, messages the
 * client sends) leave out `readOnly` properties; response-side types (response bodies, messages
 * the client receives) leave out `writeOnly` ones.
 */
export type Side = 'request' | 'response';

/**
 * The request/response split of an API's named schemas. Only a schema that contains a `readOnly`
 * or `writeOnly` property, itself or through the schemas it refers to, looks different on the
 * two sides; such a schema gets a second, request-side type (`split`), every other schema one
 * type used on both sides.
 */
export class SchemaSides {
  private readonly named = new Map<string, Schema>();
  /** Named schemas whose request-side type differs from the response-side one, in document order. */
  readonly split: ReadonlySet<string>;

  constructor(schemas: readonly NamedSchema[]) {
    for (const s of schemas) if (!this.named.has(s.name)) this.named.set(s.name, s.schema);
    // Who refers to whom, and which schemas have a one-sided property of their own.
    const referrers = new Map<string, string[]>();
    const queue: string[] = [];
    for (const [name, schema] of this.named) {
      const refs = new Set<string>();
      if (this.walk(schema, refs)) queue.push(name);
      for (const ref of refs) {
        const list = referrers.get(ref);
        if (list) list.push(name);
        else referrers.set(ref, [name]);
      }
    }
    const split = new Set<string>(queue);
    while (queue.length > 0) {
      for (const referrer of referrers.get(queue.pop()!) ?? []) {
        if (!split.has(referrer)) {
          split.add(referrer);
          queue.push(referrer);
        }
      }
    }
    this.split = new Set([...this.named.keys()].filter((name) => split.has(name)));
  }

  /** Whether `property` is part of the type on `side`. */
  shows(property: Property, side: Side): boolean {
    return !this.flagged(property.schema, side === 'request' ? 'readOnly' : 'writeOnly');
  }

  /** Whether a schema is marked, on itself or at the end of its chain of `$ref`s. */
  flagged(schema: Schema, flag: 'readOnly' | 'writeOnly'): boolean {
    const seen = new Set<string>();
    for (let s: Schema | undefined = schema; s !== undefined; ) {
      if (s[flag] === true) return true;
      if (s.kind !== 'ref' || seen.has(s.name)) return false;
      seen.add(s.name);
      s = this.named.get(s.name);
    }
    return false;
  }

  /** Collects the named schemas `schema` refers to; true when it has a one-sided property itself. */
  private walk(schema: Schema, refs: Set<string>): boolean {
    switch (schema.kind) {
      case 'ref':
        refs.add(schema.name);
        return false;
      case 'object': {
        let own = false;
        for (const p of schema.properties) {
          if (this.flagged(p.schema, 'readOnly') || this.flagged(p.schema, 'writeOnly')) own = true;
          if (this.walk(p.schema, refs)) own = true;
        }
        if (typeof schema.additionalProperties === 'object' && this.walk(schema.additionalProperties, refs)) own = true;
        for (const p of schema.patternProperties ?? []) if (this.walk(p.schema, refs)) own = true;
        return own;
      }
      case 'array': {
        let own = this.walk(schema.items, refs);
        for (const item of schema.prefixItems ?? []) if (this.walk(item, refs)) own = true;
        return own;
      }
      case 'union':
      case 'intersection': {
        let own = false;
        for (const m of schema.members) if (this.walk(m, refs)) own = true;
        if (schema.kind === 'union') for (const m of schema.discriminator?.mapping ?? []) if (this.walk(m.schema, refs)) own = true;
        return own;
      }
      default:
        return false;
    }
  }
}
