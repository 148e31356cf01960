import type { ApiModel, SecurityScheme, Server } from '../model/ir.js';
import { docs, inlineDoc, propertyKey } from './naming.js';

/**
 * What the REST and channel emitters both say about an API's servers and security schemes:
 * the runtime's data (`ServerInfo`, `SchemeInfo`) and the `auth` member of the options types.
 */

/** A scheme as the runtime applies it; undefined for kinds it does not (digest and others). */
export function schemeInfo(scheme: SecurityScheme): object | undefined {
  if (scheme.type === 'apiKey') return { type: 'apiKey', in: scheme.in, name: scheme.parameterName };
  if (scheme.type === 'http' && scheme.scheme === 'basic') return { type: 'basic' };
  if (scheme.type === 'http' && scheme.scheme !== 'bearer') return undefined;
  return { type: 'bearer' };
}

export function serverInfo(server: Server): { url: string; variables: Record<string, object> } {
  const variables: Record<string, object> = Object.create(null);
  for (const v of server.variables) variables[v.name] = { default: v.default, enum: v.enum };
  return { url: server.url, variables };
}

/** The API's schemes the runtime applies, by name (spec-keyed: a null-prototype record). */
export function securitySchemesInfo(model: ApiModel): Record<string, object> {
  const schemes: Record<string, object> = Object.create(null);
  for (const s of model.securitySchemes) {
    const info = schemeInfo(s);
    if (info) schemes[s.name] = info;
  }
  return schemes;
}

/** `auth?: { <scheme>?: rt.Token | rt.BasicCredentials }` of an options type, if the API has schemes. */
export function authMember(model: ApiModel, when: string): string | undefined {
  const schemes = model.securitySchemes.filter((s) => schemeInfo(s));
  if (schemes.length === 0) return undefined;
  const entries = schemes.map(
    (s) =>
      `${inlineDoc(docs(s.description), '    ')}${propertyKey(s.name)}?: ${s.type === 'http' && s.scheme === 'basic' ? 'rt.BasicCredentials' : 'rt.Token'};`,
  );
  return `/** Credentials by security scheme. A token may be a function, called ${when}. */\n  auth?: {\n    ${entries.join('\n    ')}\n  };`;
}
