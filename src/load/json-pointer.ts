/**
 * JSON Pointer (RFC 6901), the one place its escaping is written: `~` is `~0` and `/` is `~1`
 * inside a segment (section 3), and a `$ref` fragment is a pointer that is also URI-encoded
 * (section 6). Used by the loader (places of problems, reference checks) and the builders
 * (places of model elements, names of referenced schemas).
 */

/** One segment as a pointer writes it (RFC 6901 section 3). */
export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One segment as a pointer means it (RFC 6901 section 4: `~1` first, then `~0`). */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** JSON pointer from path segments. */
export function toPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

/** Segments of a JSON pointer as `toPointer` writes it (no URI encoding); a leading `#` is allowed. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer.replace(/^#/, '').split('/').slice(1).map(unescapeSegment);
}

/** Segments of a `$ref` fragment (`#/a/b%20c`), which is URI-encoded; undefined if malformed. */
export function fromRefFragment(fragment: string): string[] | undefined {
  try {
    return fromPointer(
      fragment
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/'),
    );
  } catch {
    return undefined;
  }
}
