/** src/runtime/errors.ts and common.ts's SpecweaveError: one base class for every runtime error, the fields declared once. */
import { describe, expect, it } from 'vitest';
import { RequestValidationError, SpecweaveError } from '../../src/runtime/common.js';
import { ApiError, errorCode, HttpError, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from '../../src/runtime/errors.js';

describe('runtime errors', () => {
  const headers = new Headers({ 'x-a': '1' });
  const all = [
    new ApiError('op', 404, { message: 'no' }, headers),
    new NetworkError('op', Object.assign(new Error('x'), { code: 'ECONNRESET' })),
    new TimeoutError('op', 100),
    new ResponseValidationError('op', 'is not JSON', 200, headers, 'text'),
    new ResponseTooLargeError('op', 10, 200, headers),
  ];

  it('every REST error and RequestValidationError is a SpecweaveError; REST errors are HttpErrors with their own name', () => {
    for (const error of all) {
      expect(error).toBeInstanceOf(SpecweaveError);
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(error.constructor.name);
      expect(error.operation).toBe('op');
    }
    const invalid = new RequestValidationError('bad');
    expect(invalid).toBeInstanceOf(SpecweaveError);
    expect(invalid.name).toBe('RequestValidationError');
  });

  it('carries status, headers and body where there was a response', () => {
    const [api, network, timeout, invalid, large] = all as [ApiError, NetworkError, TimeoutError, ResponseValidationError, ResponseTooLargeError];
    expect([api.status, api.body, api.headers.get('x-a'), api.message]).toEqual([404, { message: 'no' }, '1', 'op failed with HTTP 404']);
    expect([network.status, network.headers, network.body, network.message]).toEqual([undefined, undefined, undefined, 'op: network error (ECONNRESET)']);
    expect([timeout.timeoutMs, timeout.status, timeout.message]).toEqual([100, undefined, 'op: no response within 100 ms']);
    expect(new TimeoutError('op', 5, 'late', { status: 200, headers, body: 1 })).toMatchObject({ status: 200, body: 1, message: 'late' });
    expect([invalid.status, invalid.body]).toEqual([200, 'text']);
    expect([large.maxResponseBytes, large.body]).toEqual([10, undefined]);
  });

  it('errorCode finds a well-formed code along the cause chain, and nothing else', () => {
    expect(errorCode(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) }))).toBe('UND_ERR_SOCKET');
    expect(errorCode(Object.assign(new Error('x'), { code: 'not a code' }))).toBeUndefined();
    expect(errorCode('text')).toBeUndefined();
  });
});
