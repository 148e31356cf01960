// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * specweave realtime runtime: the base of every generated WebSocket channel class. Copied
 * verbatim into the generated package; no dependencies; runs in Node (with an injected
 * WebSocket constructor such as the `ws` package's) and in browsers.
 *
 * A generated class passes plain data (`ChannelInfo`) describing its servers, address and
 * messages; this class connects, builds the URL, authenticates, parses incoming frames,
 * dispatches them to typed listeners and async iterators, and sends typed messages.
 */
import { expandServerUrl, ownValue, resolveToken } from './http.js';
import { PusherConnection, classifyPusherCloseCode, frameBytes } from './pusher-protocol.js';
export class Channel {
    #info;
    #parameters;
    #options;
    #listeners = new Map();
    #iterators = new Set();
    #socket;
    #pusher;
    #state = 'idle';
    #connecting;
    /** Frames sent while not open, flushed in order once open. */
    #queue = [];
    /** The last resend-on-reconnect message, and whether a newer one is already queued. */
    #resendPayload;
    #resendQueued = false;
    #closedByUser = false;
    #attempt = 0;
    #reconnectTimer;
    #pingTimer;
    #deadTimer;
    /** When traffic last arrived (ms); the liveness timer re-arms from it instead of per frame. */
    #lastSeen = 0;
    /** Rejects the connection attempt in flight (close() during connect). */
    #cancelAttempt;
    /** The server heartbeat message to keep out of user messages (null: none); computed once. */
    #heartbeatFilter;
    #clientPingTimeout;
    constructor(info, parameters, options) {
        this.#info = info;
        this.#parameters = parameters;
        this.#options = options;
    }
    get state() {
        return this.#state;
    }
    /** The address with its parameters filled in (percent-encoded, one path segment each). */
    get address() {
        const pusher = this.#server().pusher !== undefined;
        return this.#info.address.replace(/\{([^{}]+)\}/g, (_, name) => {
            const given = ownValue(this.#parameters, name);
            if (given === undefined || given === null)
                throw new Error(`missing channel parameter "${name}"`);
            const value = String(given);
            if (pusher && !/^[A-Za-z0-9_\-=@,.;]+$/.test(value))
                throw new Error(`channel parameter "${name}" has characters a Pusher channel name cannot hold`);
            // URL parsers resolve "." / ".." (even percent-encoded) as dot segments: refuse them.
            if (!pusher && (value === '.' || value === '..'))
                throw new Error(`channel parameter "${name}" cannot be "${value}"`);
            return pusher ? value : encodeURIComponent(value);
        });
    }
    /** The URL the channel connects to (without credentials). */
    get url() {
        return this.#baseUrl() + (this.#server().pusher ? '' : this.address === '/' ? '/' : this.address.startsWith('/') ? this.address : `/${this.address}`);
    }
    /**
     * Opens the connection; resolves once it is open (and, for Pusher, subscribed). A failure of
     * this first attempt rejects; drops after that reconnect by themselves (see `reconnect`).
     */
    connect() {
        if (this.#state === 'open')
            return Promise.resolve();
        this.#closedByUser = false;
        // A second call while connecting waits for the same attempt.
        this.#connecting ??= this.#open(false)
            .catch((error) => {
            this.#finish(1006, error instanceof Error ? error.message : String(error));
            throw error;
        })
            .finally(() => (this.#connecting = undefined));
        return this.#connecting;
    }
    /** Closes the connection for good (no reconnect); async iterators end. */
    close(code = 1000, reason = '') {
        this.#closedByUser = true;
        clearTimeout(this.#reconnectTimer);
        this.#stopHeartbeat();
        const socket = this.#socket;
        const pusher = this.#pusher;
        this.#socket = undefined;
        this.#pusher = undefined;
        if (socket) {
            detach(socket);
            socket.close(code, reason);
        }
        if (pusher) {
            pusher.onClose = null;
            pusher.close();
        }
        this.#cancelAttempt?.(new ChannelError('the channel was closed while connecting', code));
        this.#finish(code, reason);
    }
    on(name, listener) {
        let set = this.#listeners.get(name);
        if (!set)
            this.#listeners.set(name, (set = new Set()));
        set.add(listener);
        return () => this.off(name, listener);
    }
    off(name, listener) {
        this.#listeners.get(name)?.delete(listener);
    }
    /** Every received message, in order, until the channel closes for good or the signal aborts. */
    messages(signal) {
        const queue = new MessageQueue(() => this.#iterators.delete(queue));
        if (this.#state === 'closed')
            queue.end();
        else
            this.#iterators.add(queue);
        if (signal) {
            if (signal.aborted)
                queue.end();
            else
                signal.addEventListener('abort', () => queue.end(), { once: true });
        }
        return queue;
    }
    [Symbol.asyncIterator]() {
        return this.messages();
    }
    /**
     * Sends a message; while the channel is not open (before `connect()` resolves, or while it
     * reconnects) it is queued and sent in order once open. Throws when the queue is full or the
     * channel was closed.
     */
    send(name, payload) {
        if (this.#state === 'closed')
            throw new Error('the channel is closed');
        const frame = JSON.stringify(payload);
        const resend = name === this.#info.resend;
        const socket = this.#socket;
        if (this.#state === 'open' && socket && socket.readyState === OPEN) {
            socket.send(frame);
        }
        else {
            const max = this.#options.maxQueuedMessages ?? 1000;
            if (this.#queue.length >= max)
                throw new Error(`the send queue is full (${max} messages while not connected)`);
            this.#queue.push(frame);
            if (resend)
                this.#resendQueued = true;
        }
        // Only a message that was sent or queued is the one to re-send after a reconnect.
        if (resend)
            this.#resendPayload = { value: payload };
    }
    // ------------------------------------------------------------------------- connecting
    async #open(reconnect) {
        if (this.#closedByUser)
            throw new ChannelError('the channel was closed', 1000);
        this.#state = reconnect ? 'reconnecting' : 'connecting';
        try {
            if (this.#server().pusher)
                await this.#connectPusher();
            else
                await this.#connectWebSocket();
        }
        finally {
            this.#cancelAttempt = undefined;
        }
        if (this.#closedByUser) {
            // close() was called while this attempt was connecting: do not leave its socket open.
            const socket = this.#socket;
            this.#socket = undefined;
            if (socket) {
                detach(socket);
                socket.close(1000, '');
            }
            if (this.#pusher) {
                this.#pusher.onClose = null;
                this.#pusher.close();
                this.#pusher = undefined;
            }
            throw new ChannelError('the channel was closed while connecting', 1000);
        }
        this.#state = 'open';
        this.#attempt = 0;
        this.#startHeartbeat();
        // After a reconnect, the resend message goes first, unless a newer one is already queued.
        const resend = this.#info.resend;
        if (reconnect && resend !== undefined && this.#resendPayload && !this.#resendQueued) {
            const value = this.#options.beforeResend ? this.#options.beforeResend(resend, this.#resendPayload.value) : this.#resendPayload.value;
            this.#resendPayload = { value };
            this.#socket?.send(JSON.stringify(value));
        }
        this.#resendQueued = false;
        for (const frame of this.#queue.splice(0))
            this.#socket?.send(frame);
        this.#emit('open', { reconnected: reconnect });
    }
    #server() {
        const key = this.#options.server ?? this.#info.defaultServer;
        const server = ownValue(this.#info.servers, key);
        if (!server)
            throw new Error(`unknown server "${key}"`);
        return server;
    }
    #baseUrl() {
        const url = this.#options.url ?? expandServerUrl(this.#server(), this.#options.serverVariables ?? {}, 'channel');
        return url.replace(/\/+$/, '');
    }
    #WebSocket() {
        const ctor = this.#options.WebSocket ?? globalThis.WebSocket;
        if (!ctor)
            throw new Error('no WebSocket implementation: pass options.WebSocket (for Node 20: the `ws` package)');
        return ctor;
    }
    /** The first security alternative the caller has credentials for, as header values. */
    async #credentials() {
        const headers = {};
        const auth = this.#options.auth ?? {};
        const alternatives = this.#server().security ?? [];
        const chosen = alternatives.find((req) => req.length > 0 && req.every((s) => ownValue(auth, s) !== undefined)) ?? [];
        let bearer;
        for (const name of chosen) {
            const scheme = ownValue(this.#info.securitySchemes, name);
            const credential = ownValue(auth, name);
            if (!scheme || credential === undefined)
                continue;
            const value = typeof credential === 'object' ? `${credential.username}:${credential.password}` : await resolveToken(credential);
            if (scheme.type === 'bearer') {
                headers['Authorization'] = `Bearer ${value}`;
                bearer = value;
            }
            else if (scheme.type === 'basic')
                headers['Authorization'] = `Basic ${btoa(value)}`;
            else if (scheme.in === 'header')
                headers[scheme.name] = value;
        }
        return bearer === undefined ? { headers } : { headers, bearer };
    }
    async #connectWebSocket() {
        const { headers, bearer } = await this.#credentials();
        let url = this.url;
        if (this.#options.authTransport === 'query') {
            const parameter = this.#server().authQuery;
            if (!parameter)
                throw new Error('this server takes no token in the URL (the spec declares no x-specweave-auth-query); use authTransport "header"');
            if (bearer !== undefined)
                url += `${url.includes('?') ? '&' : '?'}${encodeURIComponent(parameter)}=${encodeURIComponent(bearer)}`;
            delete headers['Authorization'];
        }
        const Ctor = this.#WebSocket();
        const socket = new Ctor(url, [], { headers: { ...this.#options.headers, ...headers } });
        if ('binaryType' in socket)
            socket.binaryType = 'arraybuffer';
        this.#socket = socket;
        // Frames can arrive together with the upgrade: listen before `open` resolves.
        socket.onmessage = (ev) => {
            this.#alive();
            this.#onFrame(ev.data);
        };
        await new Promise((resolve, reject) => {
            this.#cancelAttempt = (error) => {
                clearTimeout(timer);
                reject(error);
            };
            const timer = setTimeout(() => {
                detach(socket);
                socket.close();
                reject(new ChannelError(`connecting to ${this.url} timed out`, 1006));
            }, this.#options.connectTimeoutMs ?? 30_000);
            let failure;
            socket.onopen = () => {
                clearTimeout(timer);
                resolve();
            };
            // `ws` reports a refused upgrade as "Unexpected server response: 401"; browsers say nothing.
            socket.onerror = (ev) => (failure = ev?.message);
            socket.onclose = (ev) => {
                clearTimeout(timer);
                const status = /\b([1-5]\d\d)\b/.exec(failure ?? '')?.[1];
                reject(new ChannelError(`WebSocket connection to ${this.url} failed${failure ? `: ${failure}` : ''} (close code ${ev.code})`, ev.code, status === undefined ? undefined : Number(status)));
            };
        });
        this.#cancelAttempt = undefined;
        if (this.#socket !== socket)
            return;
        socket.onerror = () => this.#emit('error', new Error('WebSocket error'));
        socket.onclose = (ev) => {
            if (this.#socket === socket)
                this.#dropped(ev.code, ev.reason);
        };
        // Node's `ws` answers protocol pings itself; seeing them proves the server is alive.
        socket.on?.('ping', () => this.#alive());
    }
    async #connectPusher() {
        const server = this.#server();
        const pusher = server.pusher;
        const options = this.#options;
        const authEndpoint = options.authEndpoint ?? pusher.authEndpoint;
        const connection = new PusherConnection({
            WebSocket: this.#WebSocket(),
            baseUrl: this.#baseUrl(),
            appKey: pusher.appKey,
            ...(authEndpoint === undefined ? {} : { authEndpoint }),
            authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await this.#credentials()).headers }),
            ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
            ...(server.heartbeat?.direction === 'client' ? { activityTimeoutMs: server.heartbeat.intervalSeconds * 1000 } : {}),
            ...(options.heartbeatTimeoutMs === undefined ? {} : { pongTimeoutMs: options.heartbeatTimeoutMs }),
            ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
            maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
        });
        connection.onError = (error) => this.#emit('error', error);
        connection.onUnknown = (data, reason) => this.#emit('unknown', { data, reason });
        connection.onClose = (code, reason) => {
            if (this.#pusher === connection)
                this.#dropped(code, reason);
        };
        this.#pusher = connection;
        try {
            await connection.connect();
            await connection.subscribe(this.address, (event, data) => this.#dispatch(data, event));
        }
        catch (error) {
            if (this.#pusher === connection)
                this.#pusher = undefined;
            connection.onClose = null;
            connection.close();
            throw error;
        }
    }
    // ------------------------------------------------------------------------- reconnecting
    /** The connection dropped after it was open: reconnect, or close for good, by the close code. */
    #dropped(code, reason) {
        this.#stopHeartbeat();
        this.#socket = undefined;
        this.#pusher = undefined;
        if (this.#closedByUser || this.#state === 'closed')
            return;
        const policy = closePolicy(code, this.#server().pusher !== undefined);
        if (policy === 'stop')
            return this.#finish(code, reason);
        if (policy === 'fail' || this.#options.reconnect === false) {
            if (policy === 'fail')
                this.#emit('error', new ChannelError(`the server closed the connection with code ${code}${reason ? ` (${reason})` : ''}; not reconnecting`, code));
            return this.#finish(code, reason);
        }
        this.#scheduleReconnect(code, reason, policy === 'now');
    }
    #scheduleReconnect(code, reason, immediately) {
        const options = this.#options.reconnect === false ? {} : (this.#options.reconnect ?? {});
        const attempt = ++this.#attempt;
        if (attempt > (options.maxAttempts ?? Infinity)) {
            this.#emit('error', new ChannelError(`gave up reconnecting after ${attempt - 1} attempts`, code));
            return this.#finish(code, reason);
        }
        const bound = Math.min(options.maxDelayMs ?? 30_000, (options.initialDelayMs ?? 500) * (options.factor ?? 2) ** (attempt - 1));
        // Full jitter: anywhere between 0 and the exponential bound.
        const delayMs = immediately && attempt === 1 ? 0 : Math.round(Math.random() * bound);
        this.#state = 'reconnecting';
        // The timer is set before listeners run, so a close() inside `$reconnecting` cancels it.
        this.#reconnectTimer = setTimeout(() => {
            this.#open(true).catch((error) => {
                if (this.#closedByUser)
                    return;
                const failure = toChannelError(error);
                if (failure.status === 401 || failure.status === 403 || closePolicy(failure.code, this.#server().pusher !== undefined) === 'fail') {
                    this.#emit('error', failure);
                    return this.#finish(failure.code, failure.message);
                }
                this.#scheduleReconnect(failure.code, failure.message, false);
            });
        }, delayMs);
        this.#emit('reconnecting', { attempt, delayMs, code, reason });
    }
    /** Ends the channel: iterators finish, `$close` fires once, queued messages are dropped. */
    #finish(code, reason) {
        if (this.#state === 'closed')
            return;
        this.#state = 'closed';
        clearTimeout(this.#reconnectTimer);
        this.#stopHeartbeat();
        if (this.#queue.length > 0) {
            this.#emit('error', new ChannelError(`${this.#queue.length} queued message(s) were not sent`, code));
            this.#queue.length = 0;
        }
        for (const queue of this.#iterators)
            queue.end();
        this.#iterators.clear();
        this.#emit('close', { code, reason });
    }
    // ---------------------------------------------------------------------------- heartbeat
    #heartbeat() {
        return this.#info.heartbeat ?? this.#server().heartbeat;
    }
    /** Pusher keeps its own ping/pong; plain channels follow the spec's heartbeat. */
    #startHeartbeat() {
        const hb = this.#heartbeat();
        const socket = this.#socket;
        if (!hb || !socket)
            return;
        const timeoutMs = this.#options.heartbeatTimeoutMs ?? (hb.timeoutSeconds ?? hb.intervalSeconds) * 1000;
        if (hb.direction === 'client' && hb.kind === 'message') {
            this.#pingTimer = setInterval(() => {
                socket.send(JSON.stringify(hb.message ?? { type: 'ping' }));
                const sent = Date.now();
                // Any frame after the ping counts as the reply.
                this.#clientPingTimeout ??= setTimeout(() => {
                    if (this.#lastSeen < sent)
                        this.#dead();
                    this.#clientPingTimeout = undefined;
                }, timeoutMs);
            }, hb.intervalSeconds * 1000);
        }
        else if (hb.direction === 'server' && !this.#server().pusher) {
            this.#watchServerHeartbeat(hb);
        }
    }
    /** Traffic arrived: the connection is alive. Cheap per frame: only a timestamp. */
    #alive() {
        this.#lastSeen = Date.now();
    }
    /** Server heartbeats: one timer, re-armed for the rest of the window while traffic flows. */
    #watchServerHeartbeat(hb) {
        const silenceMs = this.#options.heartbeatTimeoutMs ?? (hb.intervalSeconds + (hb.timeoutSeconds ?? hb.intervalSeconds)) * 1000;
        this.#lastSeen = Date.now();
        const check = () => {
            const quiet = Date.now() - this.#lastSeen;
            if (quiet >= silenceMs)
                this.#dead();
            else
                this.#deadTimer = setTimeout(check, silenceMs - quiet);
        };
        this.#deadTimer = setTimeout(check, silenceMs);
    }
    /** No heartbeat within its timeout: drop the socket without waiting for a close handshake. */
    #dead() {
        const socket = this.#socket;
        if (!socket)
            return;
        detach(socket);
        const terminate = socket.terminate;
        if (terminate)
            terminate.call(socket);
        else
            socket.close(4000, 'heartbeat timeout');
        this.#dropped(4000, 'heartbeat timeout');
    }
    #stopHeartbeat() {
        clearInterval(this.#pingTimer);
        clearTimeout(this.#deadTimer);
        clearTimeout(this.#clientPingTimeout);
        this.#pingTimer = undefined;
        this.#deadTimer = undefined;
        this.#clientPingTimeout = undefined;
    }
    // ----------------------------------------------------------------------------- incoming
    #onFrame(data) {
        const limit = this.#options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
        const size = frameBytes(data, limit);
        if (size > limit) {
            this.#emit('unknown', { data, reason: `message too large (${size} bytes; the limit is ${limit})` });
            return;
        }
        let payload;
        try {
            payload = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
        }
        catch {
            this.#emit('unknown', { data, reason: 'not JSON' });
            return;
        }
        this.#dispatch(payload);
    }
    #dispatch(payload, event) {
        const filter = (this.#heartbeatFilter ??= heartbeatFilter(this.#heartbeat()));
        if (filter !== null && sameValue(payload, filter.message))
            return;
        const rule = findRule(this.#info.receive, payload, event);
        if (!rule) {
            this.#emit('unknown', { data: payload, reason: event === undefined ? 'matches no message of this channel' : `unexpected event "${event}"` });
            return;
        }
        const listeners = this.#listeners.get(rule.name);
        if (listeners !== undefined) {
            // A Set visits listeners added during the loop too; one removed during it is skipped.
            for (const listener of listeners) {
                try {
                    listener(payload);
                }
                catch (error) {
                    this.#emit('error', error instanceof Error ? error : new Error(String(error)));
                }
            }
        }
        if (this.#iterators.size === 0)
            return;
        const received = { name: rule.name, payload };
        for (const queue of this.#iterators)
            queue.push(received);
    }
    #emit(name, value) {
        for (const listener of [...(this.#listeners.get(`$${name}`) ?? [])]) {
            try {
                listener(value);
            }
            catch {
                // A lifecycle listener's failure must not break the socket's event loop.
            }
        }
    }
}
const OPEN = 1;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Any failure of an attempt as a ChannelError, keeping a close code and HTTP status it carries. */
function toChannelError(error) {
    if (error instanceof ChannelError)
        return error;
    const e = (error ?? {});
    const code = typeof e.code === 'number' ? e.code : 1006;
    const status = typeof e.status === 'number' ? e.status : undefined;
    return new ChannelError(typeof e.message === 'string' ? e.message : String(error), code, status);
}
/** A connection failure or a close that ends the channel: the close code, and the HTTP status of a refused upgrade where known. */
export class ChannelError extends Error {
    name = 'ChannelError';
    code;
    status;
    constructor(message, code, status) {
        super(message);
        this.code = code;
        this.status = status;
    }
}
/**
 * What a close code means for the client: `stop` (normal close), `fail` (policy or auth: do
 * not retry with the same settings), `now` (reconnect at once) or `backoff`.
 */
export function closePolicy(code, pusher) {
    if (code === 1000)
        return 'stop';
    if (code === 1008 || code === 3000 || code === 3003 || code === 4001 || code === 4003 || code === 4401 || code === 4403)
        return 'fail';
    if (pusher) {
        const kind = classifyPusherCloseCode(code);
        return kind === 'no-reconnect' ? 'fail' : kind === 'immediate' ? 'now' : 'backoff';
    }
    return 'backoff';
}
/** Stops listening to a socket. Handlers become no-ops, not null: `ws` throws an error event nobody handles. */
function detach(socket) {
    socket.onopen = ignore;
    socket.onmessage = ignore;
    socket.onerror = ignore;
    socket.onclose = ignore;
}
function ignore() { }
/**
 * The message a payload is: one whose rule (discriminator value, tag key, Pusher event) matches;
 * else the first message without a rule, which stands for "anything else" (not for Pusher events).
 */
function findRule(rules, payload, event) {
    let objects;
    let anything;
    for (const rule of rules) {
        if (rule.match === undefined)
            anything ??= rule;
        else if (rule.match.kind === 'object')
            objects ??= rule;
        else if (matches(rule.match, payload, event))
            return rule;
    }
    if (event !== undefined)
        return undefined;
    return (objects !== undefined && isObject(payload) ? objects : undefined) ?? anything;
}
function heartbeatFilter(hb) {
    return hb?.kind === 'message' && hb.direction === 'server' ? { message: hb.message } : null;
}
function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function matches(match, payload, event) {
    if (match.kind === 'event')
        return match.event === event;
    if (!isObject(payload))
        return false;
    if (match.kind === 'object')
        return true;
    if (match.kind === 'key')
        return Object.prototype.hasOwnProperty.call(payload, match.key);
    const value = ownValue(payload, match.property);
    return match.values.some((v) => v === value);
}
/** Structural equality of JSON values, returning at the first difference (runs on every frame). */
function sameValue(a, b) {
    if (a === b)
        return true;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    // `b` is the small heartbeat message: walk its keys first, so an ordinary message fails fast
    // without listing its own keys.
    const kb = Object.keys(b);
    for (const k of kb) {
        if (!Object.prototype.hasOwnProperty.call(a, k) || !sameValue(a[k], b[k]))
            return false;
    }
    return Object.keys(a).length === kb.length;
}
/** An async iterator fed by pushes; a slow consumer only grows its own queue. */
class MessageQueue {
    onDone;
    /** Items from `#head` on are unread; the array is compacted as it is drained (O(1) per item). */
    #items = [];
    #head = 0;
    #waiting = [];
    #done = false;
    constructor(onDone) {
        this.onDone = onDone;
    }
    push(item) {
        const waiter = this.#waiting.shift();
        if (waiter)
            waiter({ value: item, done: false });
        else
            this.#items.push(item);
    }
    end() {
        if (this.#done)
            return;
        this.#done = true;
        this.onDone();
        for (const waiter of this.#waiting.splice(0))
            waiter({ value: undefined, done: true });
    }
    next() {
        if (this.#head < this.#items.length) {
            const item = this.#items[this.#head++];
            if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
                this.#items = this.#items.slice(this.#head);
                this.#head = 0;
            }
            return Promise.resolve({ value: item, done: false });
        }
        if (this.#done)
            return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.#waiting.push(resolve));
    }
    return() {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
    }
    [Symbol.asyncIterator]() {
        return this;
    }
}
