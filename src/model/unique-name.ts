/**
 * The one rule for making a name unique, used by the builders (operation ids, hoisted schema
 * names, message names, server keys) and the emitters (identifiers in a scope): the name as it
 * is if free, else the name followed by the lowest free number from 2 (`Pet`, `Pet2`, `Pet3`).
 * `taken` says whether a candidate is already used; callers record the result themselves.
 */
export function uniqueName(base: string, taken: (candidate: string) => boolean): string {
  if (!taken(base)) return base;
  let n = 2;
  while (taken(`${base}${n}`)) n++;
  return `${base}${n}`;
}
