/** src/runtime/headers.ts: request headers checked as set, in a Headers (hooks) or a plain record (no hook). */
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/runtime/common.js';
import { checkedHeaders, hasHeader, headerRecord, put } from '../../src/runtime/headers.js';
import type { OperationInfo } from '../../src/runtime/rest-info.js';

const op: OperationInfo = { id: 'getThing', method: 'get', path: '/', servers: [], security: [], parameters: [{ name: 'X-Trace', in: 'header' }] };

describe('request headers', () => {
  it('a plain record holds lower-case names as own properties only, and fetch sends it', async () => {
    const record = headerRecord();
    put(op, record, 'X-Trace', 'a');
    put(op, record, 'x-trace', 'b');
    expect({ ...record }).toEqual({ 'x-trace': 'b' });
    expect(hasHeader(record, 'x-trace')).toBe(true);
    // Inherited names are not headers, and `__proto__` is a header like any other (never the prototype).
    expect(hasHeader(record, 'constructor')).toBe(false);
    expect(hasHeader(record, 'tostring')).toBe(false);
    put(op, record, '__proto__', 'p');
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(hasHeader(record, '__proto__')).toBe(true);
    // (undici's record conversion itself drops a `__proto__` name, with or without a prototype.)
    expect(new Request('http://127.0.0.1/', { headers: record }).headers.get('x-trace')).toBe('b');
  });

  it('values fetch cannot send are refused naming the header, never the value, in either form', () => {
    for (const bag of [headerRecord(), new Headers(), checkedHeaders(op)]) {
      expect(() => put(op, bag, 'X-Trace', 'a\r\nInjected: secret')).toThrow(RequestValidationError);
      expect(() => put(op, bag, 'X-Trace', 'a\r\nInjected: secret')).toThrow('getThing: header parameter "X-Trace" cannot be sent');
      expect(() => put(op, bag, 'bad name', 'v')).toThrow('is not a valid HTTP header name');
    }
    try {
      put(op, headerRecord(), 'X-Other', 'secret\n');
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });

  it('the checking Headers a hook gets refuses what the hook sets', () => {
    const headers = checkedHeaders(op);
    expect(() => headers.set('x-a', 'é\u0100')).toThrow(RequestValidationError);
    headers.append('x-a', 'fine');
    expect(headers.get('x-a')).toBe('fine');
  });
});
