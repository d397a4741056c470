/** One typed request/reply channel for every worker (Node worker_threads and Web Workers alike). */
export { createChannelClient, type CallOptions, type ChannelClient } from './client';
export { AbortError, isAbortError, fromWireError, toWireError, type WireError } from './errors';
export type { MethodOf, PayloadOf, ResultOf, WorkerApi } from './frames';
export { nodePort, webPort, type ChannelPort, type NodeMessagePortLike, type WebMessagePortLike } from './port';
export { serveChannel, type CallContext, type Handlers, type ServeOptions } from './serve';
export { CancelSignal, type AbortSignalLike } from './signal';
