import type { NamedSchema, Schema } from '../model/ir.js';

/**
 * Breaks reference cycles that a TypeScript type alias cannot express. A named schema may refer
 * to itself through an object property or an array item (TypeScript defers those), but not
 * through union or intersection members alone: `A: { oneOf: [{ $ref: A }, X] }` or `A: B, B: A`
 * would print `type A = A | X`, which does not compile ("circularly references itself").
 *
 * Such a reference adds nothing (A = A | X is X; A = A & X is X), so the reference that closes
 * the cycle becomes `never` in a union and `unknown` in an intersection or on its own. Cycles are
 * found by a depth-first walk in the order of `schemas`, so the result is deterministic.
 */
export function breakAliasCycles(schemas: NamedSchema[]): void {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const done = new Set<string>();
  const onStack = new Set<string>();

  const visitNamed = (named: NamedSchema): void => {
    if (done.has(named.name)) return;
    onStack.add(named.name);
    named.schema = direct(named.schema, 'alone');
    onStack.delete(named.name);
    done.add(named.name);
  };

  /** The schema with every cycle-closing reference in alias position replaced. */
  const direct = (schema: Schema, context: 'alone' | 'union' | 'intersection'): Schema => {
    switch (schema.kind) {
      case 'ref': {
        if (onStack.has(schema.name)) {
          const { name: _name, kind: _kind, ...common } = schema;
          return context === 'union' ? { ...common, kind: 'literal', values: [] } : { ...common, kind: 'unknown' };
        }
        const target = byName.get(schema.name);
        if (target) visitNamed(target);
        return schema;
      }
      case 'union': {
        const members = schema.members.map((m) => direct(m, 'union'));
        const result = { ...schema, members };
        if (schema.discriminator) {
          result.discriminator = { ...schema.discriminator, mapping: schema.discriminator.mapping.map((m) => ({ ...m, schema: direct(m.schema, 'intersection') })) };
        }
        return result;
      }
      case 'intersection':
        return { ...schema, members: schema.members.map((m) => direct(m, 'intersection')) };
      default:
        // Objects and arrays defer their members: a reference inside them is fine.
        return schema;
    }
  };

  for (const named of schemas) visitNamed(named);
}
