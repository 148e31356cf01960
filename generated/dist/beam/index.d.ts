export * from "./types.js";
export * from "./operations.js";
export { ApiError, RequestValidationError, type ApiResponse, type Token, type BasicCredentials, type FetchLike } from "../runtime/http.js";
