import { StructureKind, type StatementStructures } from 'ts-morph';
import type { ApiModel, Schema } from '../model/ir.js';
import type { ApiNames } from './api-names.js';
import { docs, jsonExpression } from './naming.js';
import { TypePrinter } from './type-expression.js';

/** `src/<api>/types.ts`: one exported type per named schema of the API. */
export function emitTypesFile(model: ApiModel, names: ApiNames): Array<string | StatementStructures> {
  const printer = new TypePrinter((name) => names.schemas.get(name) ?? 'unknown');
  // A file with no declarations must still be a module (`export {}`), or importing it fails.
  if (model.schemas.length === 0) return ['export {};'];
  return model.schemas.map(({ name, schema }) => {
    const id = names.schemas.get(name)!;
    const doc = schemaDocs(schema, name, id) ?? docs(`The \`${name}\` schema of the API document.`);
    return {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: id,
      type: printer.print(schema),
      docs: doc ? [doc] : [],
    };
  });
}

/** TSDoc for a schema: title, description, format and default. */
export function schemaDocs(schema: Schema, specName?: string, id?: string): string | undefined {
  return docs(
    schema.title,
    schema.description,
    specName !== undefined && specName !== id && `Schema \`${specName.replace(/`/g, "'")}\` in the API document.`,
    schema.format && `Format: ${schema.format}.`,
    schema.default !== undefined && `@defaultValue ${jsonExpression(schema.default).replace(/\n\s*/g, ' ')}`,
    schema.deprecated && '@deprecated',
  );
}
