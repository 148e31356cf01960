import { type StatementStructures, StructureKind, type TypeAliasDeclarationStructure } from 'ts-morph';
import type { ApiModel, Schema } from '../model/ir.js';
import type { ApiNames } from './api-names.js';
import { docs } from './naming.js';
import { annotations, circularRefs, TypePrinter } from './type-expression.js';

/**
 * `src/<api>/types.ts`: one exported type per named schema of the API, and for a schema with
 * readOnly or writeOnly properties (itself or through the schemas it refers to) a second one
 * right after it: `Foo` is the schema as responses carry it (no writeOnly properties),
 * `FooWritable` as requests carry it (no readOnly properties).
 */
export function emitTypesFile(model: ApiModel, names: ApiNames): Array<string | StatementStructures> {
  const refName = (name: string, side: 'request' | 'response'): string => names.schemaType(name, side);
  const response = new TypePrinter({ refName, side: 'response', sides: names.sides });
  const request = new TypePrinter({ refName, side: 'request', sides: names.sides });
  const circular = circularRefs(model.schemas);
  // A file with no declarations must still be a module (`export {}`), or importing it fails.
  if (model.schemas.length === 0) return ['export {};'];
  return model.schemas.flatMap(({ name, schema }) => {
    const id = names.schemas.get(name)!;
    const writable = names.writableSchemas.get(name);
    const doc = schemaDocs(schema, name, id) ?? docs(`The \`${name}\` schema of the API document.`);
    const alias = (aliasName: string, printer: TypePrinter, text: string | undefined): TypeAliasDeclarationStructure => ({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: aliasName,
      type: printer.declaration(schema, circular.get(name)),
      docs: text ? [text] : [],
    });
    if (writable === undefined) return [alias(id, response, doc)];
    return [
      alias(
        id,
        response,
        docs(doc, `As the client receives it (responses, received messages): without write-only properties. What the client sends is {@link ${writable}}.`),
      ),
      alias(
        writable,
        request,
        docs(
          doc,
          `As the client sends it (request bodies, parameters, sent messages): without read-only properties. What the client receives is {@link ${id}}.`,
        ),
      ),
    ];
  });
}

/** TSDoc for a schema: title, description, format, default, an example. */
export function schemaDocs(schema: Schema, specName?: string, id?: string): string | undefined {
  return docs(
    schema.title,
    schema.description,
    specName !== undefined && specName !== id && `Schema \`${specName.replace(/`/g, "'")}\` in the API document.`,
    annotations(schema),
    schema.deprecated && '@deprecated',
  );
}
