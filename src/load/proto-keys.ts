/**
 * @asyncapi/parser (through Spectral's JSON parser and ref resolver) cannot hold some keys: a
 * `__proto__` key becomes the object's prototype, so a server, channel parameter, message or
 * schema named `__proto__` vanishes and validation reports a misleading problem elsewhere; a key
 * named `hasOwnProperty` (and its kin) shadows the method the resolver calls, and it crashes.
 * Such documents are validated with those keys renamed to placeholders, together with the
 * strings that name keys (`$ref` segments, `{…}` in channel addresses, `required` lists, 2.x
 * channel `servers` lists, discriminators), and the names are put back in what validation
 * reports. The model is built from the document as written, where they are ordinary own keys.
 */
const UNSAFE = ['__proto__', 'hasOwnProperty', 'constructor', 'toString', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
const placeholder = (name: string): string => `__specweave_key_${name.replace(/_/g, '')}__`;
const TO_PLACEHOLDER = new Map(UNSAFE.map((n) => [n, placeholder(n)]));
/** A key named `$ref` whose value is not a reference (a schema property or component named so) crashes the ref resolver. */
const REF_PROPERTY = '__specweave_key_ref__';
const FROM_PLACEHOLDER = new Map([...UNSAFE.map((n) => [placeholder(n), n] as const), [REF_PROPERTY, '$ref'] as const]);
const PLACEHOLDERS = new RegExp([...FROM_PLACEHOLDER.keys()].join('|'), 'g');

/** A copy of `data` with those keys renamed, or undefined if it has none (or cannot be renamed). */
export function withoutUnsafeKeys(data: Record<string, unknown>, text: string): Record<string, unknown> | undefined {
  if (!(UNSAFE.some((n) => text.includes(n)) || text.includes('$ref')) || PLACEHOLDERS.test(text)) return undefined;
  PLACEHOLDERS.lastIndex = 0;
  let changed = false;
  const swap = (s: string): string => {
    const to = TO_PLACEHOLDER.get(s);
    if (to === undefined) return s;
    changed = true;
    return to;
  };
  const swapRef = (): string => {
    changed = true;
    return REF_PROPERTY;
  };
  // `{name}` in a channel address (and a 2.x channel key) names a parameter key.
  const swapTemplate = (s: string): string => s.replace(/\{([^{}]*)\}/g, (m, name: string) => (TO_PLACEHOLDER.has(name) ? `{${swap(name)}}` : m));
  const copy = (value: unknown, key: string | undefined): unknown => {
    if (Array.isArray(value)) {
      const namesKeys = key === 'required' || key === 'servers';
      return value.map((v) => (namesKeys && typeof v === 'string' ? (key === 'required' && v === '$ref' ? swapRef() : swap(v)) : copy(v, undefined)));
    }
    if (value === null || typeof value !== 'object') {
      if (typeof value !== 'string') return value;
      if (key === '$ref') {
        return value
          .split('/')
          .map((s, i) => (i === 0 ? s : decodeSegment(s) === '$ref' ? swapRef() : TO_PLACEHOLDER.has(decodeSegment(s)) ? swap(decodeSegment(s)) : s))
          .join('/');
      }
      if (key === 'address') return swapTemplate(value);
      if (key === 'discriminator' || key === 'propertyName') return swap(value);
      return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const name = key === 'channels' ? swapTemplate(swap(k)) : k === '$ref' && typeof v !== 'string' ? swapRef() : swap(k);
      Object.defineProperty(out, name, { value: copy(v, k), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const result = copy(data, undefined) as Record<string, unknown>;
  return changed ? result : undefined;
}

/** Puts the names back where validation reports a placeholder. */
export function restoreUnsafeKeys(s: string): string {
  return s.replace(PLACEHOLDERS, (m) => FROM_PLACEHOLDER.get(m) ?? m);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
