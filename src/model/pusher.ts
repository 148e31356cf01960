import type { Channel, Server } from './ir.js';

/**
 * Whether a channel speaks the Pusher protocol: one of its servers has `x-specweave-pusher`.
 * The one answer to that question, for the builder (how messages are matched) and the emitters
 * (channel class, README).
 */
export function isPusherChannel(channel: Pick<Channel, 'servers'>, servers: readonly Server[]): boolean {
  return channel.servers.some((key) => servers.find((s) => s.key === key)?.pusher !== undefined);
}
