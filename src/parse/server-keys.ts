import { uniqueName } from '../model/unique-name.js';

/**
 * Keys by which users pick or override a server. AsyncAPI names its servers; OpenAPI does not,
 * so a key is derived from the URL's host (`https://api.beam.cloud` → `api`), or taken from an
 * `x-name` on the server. Keys are unique within an API and depend only on the servers seen
 * before, so adding a server later in a document does not rename earlier ones.
 */
export class ServerKeys {
  private readonly used = new Set<string>();

  keyFor(url: string, explicitName?: unknown): string {
    const candidates = typeof explicitName === 'string' && explicitName !== '' ? [explicitName] : hostCandidates(url);
    for (const c of candidates) {
      if (!this.used.has(c)) return this.take(c);
    }
    return this.take(uniqueName(candidates[0] ?? 'default', (c) => this.used.has(c)));
  }

  private take(key: string): string {
    this.used.add(key);
    return key;
  }
}

function hostCandidates(url: string): string[] {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (!match) return ['default'];
  const host = (match[1] ?? '').replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  const labels = host.split('.').filter((l) => l !== '' && !l.includes('{') && l !== 'www');
  if (labels.length === 0) return ['default'];
  // `api.beam.cloud` → api, then api.beam, then the whole host.
  const out: string[] = [];
  for (let i = 1; i <= labels.length; i++) out.push(labels.slice(0, i).join('.'));
  return out;
}
