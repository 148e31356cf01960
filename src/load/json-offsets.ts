/**
 * Where a JSON pointer's node starts in a JSON text, found by one scan that descends along the
 * pointer and skips every other value by its brackets (no tree is built). Lines of warnings in
 * large JSON documents come from here: a positional YAML parse of GitHub's 11 MB spec took
 * 4.7 s for one warning's line, this scan takes milliseconds.
 */

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const COMMA = 44; // ,
const COLON = 58; // :

/** Thrown inside the scan when the text is not the JSON it looked like (the caller falls back). */
class NotJson extends Error {}

/**
 * The offset of the node at `segments`: an object member's key, an array element's value; where
 * a segment is missing, the value holding it (as the YAML locator does). `null` when the text is
 * not JSON this scan can read (the caller then uses the YAML parser).
 */
export function jsonNodeOffset(text: string, segments: readonly string[]): number | null {
  try {
    let at = skipSpace(text, 0);
    let found = at;
    for (const segment of segments) {
      const c = text.charCodeAt(at);
      if (c === OPEN_BRACE) {
        const member = findMember(text, at, segment);
        if (member === undefined) return at;
        found = member.key;
        at = member.value;
      } else if (c === OPEN_BRACKET) {
        if (!/^(?:0|[1-9]\d*)$/.test(segment)) return at;
        const element = findElement(text, at, Number(segment));
        if (element === undefined) return at;
        found = element;
        at = element;
      } else return at;
    }
    return found;
  } catch (error) {
    if (error instanceof NotJson) return null;
    throw error;
  }
}

/** The key and value offsets of the member `name` of the object at `start`. */
function findMember(text: string, start: number, name: string): { key: number; value: number } | undefined {
  let at = skipSpace(text, start + 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return undefined;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) throw new NotJson();
    const keyStart = at;
    const keyEnd = stringEnd(text, at);
    const raw = text.slice(at + 1, keyEnd);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(at, keyEnd + 1)) as string) : raw;
    at = skipSpace(text, keyEnd + 1);
    if (text.charCodeAt(at) !== COLON) throw new NotJson();
    at = skipSpace(text, at + 1);
    if (key === name) return { key: keyStart, value: at };
    at = skipSpace(text, valueEnd(text, at));
    const c = text.charCodeAt(at);
    if (c === CLOSE_BRACE) return undefined;
    if (c !== COMMA) throw new NotJson();
    at = skipSpace(text, at + 1);
  }
}

/** The offset of element `index` of the array at `start`. */
function findElement(text: string, start: number, index: number): number | undefined {
  let at = skipSpace(text, start + 1);
  if (text.charCodeAt(at) === CLOSE_BRACKET) return undefined;
  for (let i = 0; ; i++) {
    if (i === index) return at;
    at = skipSpace(text, valueEnd(text, at));
    const c = text.charCodeAt(at);
    if (c === CLOSE_BRACKET) return undefined;
    if (c !== COMMA) throw new NotJson();
    at = skipSpace(text, at + 1);
  }
}

/** The offset just past the value starting at `start` (strings and brackets skipped whole). */
function valueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return stringEnd(text, start) + 1;
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let at = start;
    for (; at < text.length; at++) {
      const d = text.charCodeAt(at);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d <= 32) break;
    }
    if (at === start) throw new NotJson();
    return at;
  }
  let depth = 0;
  for (let at = start; at < text.length; at++) {
    const d = text.charCodeAt(at);
    if (d === QUOTE) at = stringEnd(text, at);
    else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return at + 1;
  }
  throw new NotJson();
}

/** The offset of the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let at = start;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) throw new NotJson();
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

function skipSpace(text: string, start: number): number {
  let at = start;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    at++;
  }
  return at;
}
