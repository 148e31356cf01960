// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Credential scrubbing for the channel runtime: URLs shown without their credential query
 * parameters or userinfo, errors scrubbed of the credential values a channel used (message,
 * stack, fields, cause chain), and the encodings a value travels in.
 */
import { REDACTED, redactText } from './common.js';

/** Query parameters whose values are credentials, by name. */
const CREDENTIAL_PARAMETER = /(token|key|secret|password|passwd|pwd|auth|sig|signature|credential|session)/i;

/**
 * A URL fit to show: values of credential query parameters (and `authQuery`) and any userinfo
 * replaced by `[redacted]`. Works on text that merely contains URLs too.
 */
export function shownUrl(text: string, authQuery?: string): string {
  return text.replace(/(\/\/)[^/?#@\s]*@/g, `$1${REDACTED}@`).replace(/([?&;])([^=&#\s]*)=([^&#\s]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // keep the raw name
    }
    return CREDENTIAL_PARAMETER.test(decoded) || (authQuery !== undefined && decoded === authQuery) ? `${sep}${name}=${REDACTED}` : whole;
  });
}

/**
 * Scrubs credential values from an error in place (message, stack, string fields, the cause
 * chain, AggregateError members), so it keeps its class and fields. Other values pass through.
 */
export function scrubError<T>(value: T, secrets: ReadonlySet<string>, depth = 0): T {
  if (!(value instanceof Error) || depth > 8) return value;
  const record = value as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack', ...Object.keys(value)]) {
    const field = record[key];
    if (typeof field === 'string') {
      const clean = redactText(shownUrl(field), secrets);
      if (clean !== field) {
        try {
          Object.defineProperty(value, key, {
            value: clean,
            writable: true,
            configurable: true,
            enumerable: Object.prototype.propertyIsEnumerable.call(value, key),
          });
        } catch {
          // a frozen error: leave it
        }
      }
    } else if (field instanceof Error) scrubError(field, secrets, depth + 1);
    else if (Array.isArray(field)) for (const item of field) scrubError(item, secrets, depth + 1);
  }
  if ('cause' in value) scrubError(value.cause, secrets, depth + 1);
  return value;
}

/**
 * Adds a credential value and the forms it travels in (percent-encoded, JSON-escaped, the
 * pieces between control characters) to `secrets`; values under 4 characters are not
 * scrubbed (they would blank out ordinary words). The set is bounded.
 */
export function addSecret(secrets: Set<string>, value: string): void {
  if (value.length < 4) return;
  if (secrets.size > 64) secrets.clear();
  const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: splitting at control characters is the point
  for (const piece of value.split(/[\x00-\x1f\x7f]+/)) if (piece.length >= 4) forms.push(piece);
  for (const form of forms) secrets.add(form);
}
