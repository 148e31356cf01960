/** OpenAPI links: a target operation's arguments from a source call's response and request, by runtime expressions. */
import type { LinkInfo, LinkSource, RequestArgs } from './rest-info.js';
/**
 * The arguments of a link's target operation, from the source call's response (and request).
 * Parameter values and strings anywhere in `requestBody` may be runtime expressions
 * (`$response.body#/task_id`), templates (`task-{$response.body#/id}`) or constants. `extra`
 * supplies or overrides target arguments, group by group.
 */
export declare function linkArgs<A = RequestArgs>(link: LinkInfo, source: LinkSource, extra?: RequestArgs): A;
/** Evaluates one OpenAPI runtime expression (`$statusCode`, `$method`, `$request.…`, `$response.…`). */
export declare function runtimeExpression(expression: string, source: LinkSource, link?: string): unknown;
//# sourceMappingURL=links.d.ts.map
