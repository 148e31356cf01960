import type { Schema } from '../model/ir.js';
import { inlineDoc, primitiveLiteral, propertyKey } from './naming.js';

/**
 * Prints a model `Schema` as a TypeScript type expression. Named schemas are printed through
 * `refName` (which may qualify them, e.g. `types.Task`); property keys and literal values go
 * through the naming module, property docs through `docText`.
 */
export class TypePrinter {
  constructor(private readonly refName: (schemaName: string) => string) {}

  print(schema: Schema, indent = ''): string {
    const type = this.bare(schema, indent);
    return schema.nullable && type !== 'null' && type !== 'unknown' ? `${wrap(type)} | null` : type;
  }

  private bare(schema: Schema, indent: string): string {
    switch (schema.kind) {
      case 'ref':
        return this.refName(schema.name);
      case 'primitive':
        if (schema.type === 'string') return schema.binary ? 'Blob' : 'string';
        if (schema.type === 'integer') return 'number';
        return schema.type;
      case 'literal':
        return schema.values.length === 0 ? 'never' : schema.values.map(primitiveLiteral).join(' | ');
      case 'array':
        return `Array<${this.print(schema.items, indent)}>`;
      case 'object':
        return this.object(schema, indent);
      case 'union': {
        if (schema.members.length === 0) return 'never';
        const mapping = schema.discriminator?.mapping ?? [];
        if (schema.discriminator && mapping.length > 0) {
          const key = propertyKey(schema.discriminator.property);
          return mapping.map((m) => `({ ${key}: ${primitiveLiteral(m.value)} } & ${wrap(this.print(m.schema, indent))})`).join(' | ');
        }
        return unique(schema.members.map((m) => wrap(this.print(m, indent)))).join(' | ');
      }
      case 'intersection':
        return schema.members.length === 0 ? 'unknown' : schema.members.map((m) => wrap(this.print(m, indent))).join(' & ');
      case 'unknown':
        return 'unknown';
    }
  }

  private object(schema: Extract<Schema, { kind: 'object' }>, indent: string): string {
    const inner = `${indent}  `;
    const lines: string[] = [];
    for (const p of schema.properties) {
      lines.push(`${inner}${inlineDoc(p.schema.description, inner)}${propertyKey(p.name)}${p.required ? '' : '?'}: ${this.print(p.schema, inner)};`);
    }
    const extra = schema.additionalProperties;
    if (extra !== undefined) {
      // An index signature must admit every declared property, so with properties it is unknown.
      const value = extra === true || schema.properties.length > 0 ? 'unknown' : this.print(extra, inner);
      lines.push(`${inner}[key: string]: ${value};`);
    }
    if (lines.length === 0) return 'Record<string, never>';
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
}

/** Parenthesises a union or intersection inside another one (extra parentheses are harmless). */
function wrap(type: string): string {
  return type.includes(' | ') || type.includes(' & ') ? `(${type})` : type;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
