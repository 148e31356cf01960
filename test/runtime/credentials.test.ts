/**
 * src/runtime/credentials.ts on its own (shared by the REST request core and the channel): which
 * security alternative applies (OpenAPI 3.1.1 Security Requirement Object: any one entry of the
 * list, every scheme of it; `{}` makes security optional), Basic as RFC 7617 says (UTF-8, its
 * examples verbatim), bearer tokens (RFC 6750, in the header or, where the document allows, the
 * query), API keys in a header, the query or a cookie; and the record of every value sent, as
 * given and as encoded, for redaction. The target is a real `Headers` and `URLSearchParams`.
 */
import { describe, expect, it } from 'vitest';
import type { Credential, SchemeInfo } from '../../src/runtime/common.js';
import {
  type AppliedCredentials,
  applyCredential,
  applyCredentials,
  base64Utf8,
  basicToken,
  type CredentialTarget,
  chooseAlternative,
  cookiePair,
  UNSENDABLE_HEADER,
} from '../../src/runtime/credentials.js';

const schemes: Record<string, SchemeInfo> = {
  bearer: { type: 'bearer' },
  basic: { type: 'basic' },
  headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  queryKey: { type: 'apiKey', in: 'query', name: 'api_key' },
  cookieKey: { type: 'apiKey', in: 'cookie', name: 'session id' },
};

class Refused extends Error {}
const refuse = (scheme: string, problem: string): never => {
  throw new Refused(`${scheme} ${problem}`);
};

/** Where credentials go: a real Headers and URLSearchParams behind the CredentialTarget interface. */
function target(): CredentialTarget & { headers: Headers; params: URLSearchParams } {
  const headers = new Headers();
  const params = new URLSearchParams();
  return { headers, params, header: (name, value) => headers.set(name, value), query: (name, value) => params.append(name, value) };
}

function apply(alternatives: readonly (readonly string[])[], auth: Record<string, Credential | undefined>, bearerQuery?: string) {
  const t = target();
  const result = applyCredentials(schemes, alternatives, auth, t, refuse, bearerQuery);
  return { t, result };
}

describe('Basic (RFC 7617)', () => {
  it('§2 example: Aladdin / open sesame; §2.1 example: test / 123£ as UTF-8', () => {
    expect(basicToken('Aladdin', 'open sesame')).toBe('QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(basicToken('test', '123\u00a3')).toBe('dGVzdDoxMjPCow==');
  });

  it('base64Utf8 encodes characters beyond Latin-1 (btoa alone throws on them)', () => {
    expect(() => btoa('€')).toThrow();
    expect(base64Utf8('€')).toBe('4oKs');
    expect(base64Utf8('')).toBe('');
  });

  it('applied: Authorization: Basic …, username, password and token recorded; a bare string is a username with no password', () => {
    const { t, result } = apply([['basic']], { basic: { username: 'Aladdin', password: 'open sesame' } });
    expect(t.headers.get('authorization')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect((result as AppliedCredentials).secrets).toEqual(['Aladdin', 'open sesame', 'QWxhZGRpbjpvcGVuIHNlc2FtZQ==']);
    const bare = apply([['basic']], { basic: 'user' });
    expect(bare.t.headers.get('authorization')).toBe(`Basic ${btoa('user:')}`);
  });
});

describe('chooseAlternative (Security Requirement Object)', () => {
  it('the first alternative whose every scheme has a credential', () => {
    expect(chooseAlternative([['bearer', 'headerKey'], ['queryKey']], { bearer: 't', queryKey: 'q' })).toEqual(['queryKey']);
    expect(chooseAlternative([['bearer', 'headerKey'], ['queryKey']], { bearer: 't', headerKey: 'k', queryKey: 'q' })).toEqual(['bearer', 'headerKey']);
    expect(chooseAlternative([['bearer']], {})).toBeUndefined();
  });

  it('{} (optional security) never wins over an alternative the caller has credentials for; inherited keys are not credentials', () => {
    expect(chooseAlternative([[], ['bearer']], { bearer: 't' })).toEqual(['bearer']);
    expect(chooseAlternative([[]], { bearer: 't' })).toBeUndefined();
    expect(chooseAlternative([['constructor']], {})).toBeUndefined();
  });
});

describe('applyCredentials', () => {
  it('bearer, API key in a header, in the query and in a cookie; values recorded as given and percent-encoded', () => {
    const { t, result } = apply([['bearer', 'headerKey', 'queryKey', 'cookieKey']], { bearer: 'b t', headerKey: 'k1', queryKey: 'q&1', cookieKey: 'c;1' });
    const applied = result as AppliedCredentials;
    expect([t.headers.get('authorization'), t.headers.get('x-api-key'), t.params.toString()]).toEqual(['Bearer b t', 'k1', 'api_key=q%261']);
    expect(applied.secretHeaders).toEqual(['x-api-key']);
    expect(applied.query).toEqual(['api_key']);
    expect(applied.cookies).toEqual([cookiePair('session id', 'c;1')]);
    expect(cookiePair('session id', 'c;1')).toBe('session%20id=c%3B1');
    expect(applied.secrets).toEqual(['b t', 'b%20t', 'k1', 'k1', 'q&1', 'q%261', 'c;1', 'c%3B1']);
  });

  it('synchronous for values; a Promise when a token is a function (each called once); nothing applied when no alternative is complete', async () => {
    const sync = apply([['bearer']], { bearer: 't' }).result;
    expect(sync instanceof Promise).toBe(false);
    let calls = 0;
    const { t, result } = apply([['bearer', 'headerKey']], {
      bearer: async () => `async-${++calls}`,
      headerKey: () => 'sync-fn',
    });
    expect(result).toBeInstanceOf(Promise);
    await result;
    expect([t.headers.get('authorization'), t.headers.get('x-api-key'), calls]).toEqual(['Bearer async-1', 'sync-fn', 1]);
    const none = apply([['bearer', 'headerKey']], { bearer: 't' });
    const sent: string[] = [];
    none.t.headers.forEach((_, name) => void sent.push(name));
    expect([none.result, sent, none.t.params.toString()]).toEqual([{ secretHeaders: [], query: [], secrets: [] }, [], '']);
  });

  it('bearerQuery (a channel whose document takes the token in the query): no Authorization header, the query parameter instead', () => {
    const { t, result } = apply([['bearer']], { bearer: 'tok' }, 'access_token');
    expect([t.headers.get('authorization'), t.params.toString(), (result as AppliedCredentials).query]).toEqual([null, 'access_token=tok', ['access_token']]);
    expect(() => apply([['bearer']], { bearer: 'a\nb' }, 'access_token')).toThrow('bearer cannot be sent: it holds a CR, LF or NUL character');
  });

  it('header values a request cannot carry are refused through the caller’s refuse, naming the scheme, never the value', () => {
    for (const bad of ['a\r\nX-Injected: 1', 'a\0', 'a€']) {
      expect(UNSENDABLE_HEADER.test(bad)).toBe(true);
      for (const scheme of ['bearer', 'headerKey']) {
        const error = (() => {
          try {
            apply([[scheme]], { [scheme]: bad });
          } catch (e) {
            return e as Error;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(Refused);
        expect(error?.message).toBe(`${scheme} cannot be sent in a header: it holds a CR, LF or NUL character or one outside Latin-1`);
      }
    }
    // In the query or a cookie they are percent-encoded, so they can be sent.
    expect(apply([['queryKey']], { queryKey: 'a€' }).t.params.toString()).toBe('api_key=a%E2%82%AC');
    expect(UNSENDABLE_HEADER.test('Latin-1 é is fine')).toBe(false);
  });

  it('a credential that is neither a string nor { username, password } is refused', () => {
    const result: AppliedCredentials = { secretHeaders: [], query: [], secrets: [] };
    expect(() => applyCredential('bearer', schemes['bearer']!, 42 as unknown as string, target(), result, refuse)).toThrow('bearer is not a string');
    expect(() => applyCredential('bearer', schemes['bearer']!, null as unknown as string, target(), result, refuse)).toThrow(Refused);
  });

  it('an empty value is sent but not recorded as a secret (it would redact every position of every text)', () => {
    const { t, result } = apply([['headerKey']], { headerKey: '' });
    expect([t.headers.get('x-api-key'), (result as AppliedCredentials).secrets]).toEqual(['', []]);
  });
});
