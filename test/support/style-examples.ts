/**
 * The OpenAPI 3.0.4 / 3.1.1 "Style Examples" table (Parameter Object), quoted verbatim, for the
 * tests of the serialisers through the package root (serialise-standard.test.ts) and of
 * serialise.ts's own functions (runtime/serialise.test.ts).
 */

export const STRING = 'blue';
export const ARRAY = ['blue', 'black', 'brown'];
export const OBJECT = { R: 100, G: 200, B: 150 };

/** One row: style, explode, then the string / array / object columns (`undefined` for n/a). */
export type StyleRow = [style: string, explode: boolean, string: string | undefined, array: string | undefined, object: string | undefined];

/** Path styles (the values as they stand in the path). */
export const PATH_STYLE_ROWS: StyleRow[] = [
  ['matrix', false, ';color=blue', ';color=blue,black,brown', ';color=R,100,G,200,B,150'],
  ['matrix', true, ';color=blue', ';color=blue;color=black;color=brown', ';R=100;G=200;B=150'],
  ['label', false, '.blue', '.blue,black,brown', '.R,100,G,200,B,150'],
  ['label', true, '.blue', '.blue.black.brown', '.R=100.G=200.B=150'],
  ['simple', false, 'blue', 'blue,black,brown', 'R,100,G,200,B,150'],
  ['simple', true, 'blue', 'blue,black,brown', 'R=100,G=200,B=150'],
];

/** Query styles (the values with the table's leading `?`). */
export const QUERY_STYLE_ROWS: StyleRow[] = [
  ['form', false, '?color=blue', '?color=blue,black,brown', '?color=R,100,G,200,B,150'],
  ['form', true, '?color=blue', '?color=blue&color=black&color=brown', '?R=100&G=200&B=150'],
  ['spaceDelimited', false, undefined, '?color=blue%20black%20brown', '?color=R%20100%20G%20200%20B%20150'],
  ['pipeDelimited', false, undefined, '?color=blue%7Cblack%7Cbrown', '?color=R%7C100%7CG%7C200%7CB%7C150'],
  ['deepObject', true, undefined, undefined, '?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150'],
];

/** The whole table in the standard's order. */
export const STYLE_EXAMPLES: StyleRow[] = [...PATH_STYLE_ROWS, ...QUERY_STYLE_ROWS];
