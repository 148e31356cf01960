/**
 * Security: OpenAPI 3.x section 4.8.27 (Security Scheme Object, under
 * `components.securitySchemes`) and 4.8.30 (Security Requirement Object, at the document and
 * the operation); Swagger 2.0's `securityDefinitions` arrive there (swagger2-to-openapi3.ts).
 */
import type { SecurityRequirement, SecurityScheme } from '../model/ir.js';
import type { OpenApiSource } from './openapi-source.js';
import { isRecord } from './schema.js';

export function securitySchemes(src: OpenApiSource): SecurityScheme[] {
  const components = src.data['components'];
  const container = isRecord(components) ? components['securitySchemes'] : undefined;
  if (!isRecord(container)) return [];
  const out: SecurityScheme[] = [];
  for (const name of Object.keys(container)) {
    const s = src.deref(container[name]);
    const scheme = isRecord(s) ? src.ctx.securityScheme(name, s, ['components', 'securitySchemes', name]) : undefined;
    if (scheme) out.push(scheme);
  }
  return out;
}

/** A `security` list: undefined when absent (the operation then takes the document's). */
export function securityList(value: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((req) => Object.keys(req));
}
