export * from "./types.js";
export * from "./channels.js";
export { ApiError, RequestValidationError, type ApiResponse, type Token, type BasicCredentials, type FetchLike } from "../runtime/http.js";
export { ChannelError, type ConnectionState, type Received, type LifecycleEvents, type ReconnectOptions, type WebSocketConstructor } from "../runtime/channel.js";
