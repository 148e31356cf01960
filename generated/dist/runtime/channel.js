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
import { Dispatcher } from './channel-dispatch.js';
import { ChannelError, toChannelError } from './channel-errors.js';
import { Heartbeat, heartbeatFilter } from './channel-heartbeat.js';
import { MessageQueue } from './channel-queue.js';
import { closePolicy, reconnectDelay } from './channel-reconnect.js';
import { PendingRequests } from './channel-request.js';
import { addSecret, scrubError, shownUrl } from './channel-scrub.js';
import { appendQuery, joinUrl, withQuery } from './channel-url.js';
import { expandServerUrl, ownValue, RequestValidationError, redactText } from './common.js';
import { applyCredentials } from './credentials.js';
import { detach, frameBytes, OPEN } from './socket.js';
export { ChannelError, RequestTimeoutError } from './channel-errors.js';
export { closePolicy } from './channel-reconnect.js';
export { shownUrl } from './channel-scrub.js';
export { joinUrl } from './channel-url.js';
export class Channel {
    #info;
    #parameters;
    #options;
    #listeners = new Map();
    #iterators = new Set();
    #socket;
    /** This channel's use of a (shared) Pusher connection. */
    #pusher;
    #state = 'idle';
    #connecting;
    /** Frames sent while not open, flushed in order once open. */
    #queue = [];
    /** Frames handed to the current socket before it became healthy: re-queued if it dies. */
    #inflight = [];
    #healthy = false;
    /** The queue is about to be flushed to a new socket: sends queue behind it, keeping the order. */
    #flushing;
    /** The plain socket closed after `open` but before the attempt finished. */
    #earlyClose;
    #healthyTimer;
    /** Bumped when an attempt is abandoned (timeout, close()): its late results are discarded. */
    #attemptSeq = 0;
    /** Credential values of this channel (and their encodings): scrubbed from every error and event shown. */
    #secrets = new Set();
    #dispatcher;
    /** The last resend-on-reconnect message, and whether a newer one is already queued. */
    #resendPayload;
    #resendQueued = false;
    #closedByUser = false;
    #attempt = 0;
    #reconnectTimer;
    #heartbeatTimers = new Heartbeat(() => this.#dead());
    /** Rejects the connection attempt in flight (close() during connect). */
    #cancelAttempt;
    /** The server heartbeat message to keep out of user messages (null: none); computed once. */
    #heartbeatFilter;
    /** Requests waiting for their reply. */
    #requests = new PendingRequests();
    #transport;
    /** `pusher`: the Pusher transport (pusher-channel.js), for channels whose servers speak Pusher. */
    constructor(info, parameters, options, pusher) {
        this.#info = info;
        this.#parameters = parameters;
        this.#options = options;
        this.#transport = pusher;
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
                throw new RequestValidationError(`missing channel parameter "${name}"`);
            const value = String(given);
            if (pusher && !/^[A-Za-z0-9_\-=@,.;]+$/.test(value))
                throw new RequestValidationError(`channel parameter "${name}" has characters a Pusher channel name cannot hold`);
            // URL parsers resolve "." / ".." (even percent-encoded) as dot segments: refuse them.
            if (!pusher && (value === '.' || value === '..'))
                throw new RequestValidationError(`channel parameter "${name}" cannot be "${value}"`);
            return pusher ? value : encodeURIComponent(value);
        });
    }
    /** The URL the channel connects to (without credentials). */
    get url() {
        const base = this.#baseUrl();
        return withQuery(this.#server().pusher ? base : joinUrl(base, this.address), this.#options.query);
    }
    /**
     * Opens the connection; resolves once it is open (and, for Pusher, subscribed). A failure of
     * this first attempt rejects; drops after that reconnect by themselves (see `reconnect`).
     * The attempt ends at `connectTimeoutMs`, at `close()`, or when `options.signal` aborts (the
     * channel then closes, as after `close()`).
     */
    connect(options = {}) {
        if (this.#state === 'open')
            return Promise.resolve();
        const signal = options.signal;
        if (signal?.aborted)
            return Promise.reject(new ChannelError('connect() was aborted', 1000));
        if (signal) {
            const onAbort = () => {
                if (this.#state === 'connecting')
                    this.close(1000, 'connect() was aborted');
            };
            signal.addEventListener('abort', onAbort, { once: true });
            const done = () => signal.removeEventListener('abort', onAbort);
            const attempt = this.connect();
            attempt.then(done, done);
            return attempt;
        }
        this.#closedByUser = false;
        // A second call while connecting waits for the same attempt.
        this.#connecting ??= this.#open(false)
            .catch((error) => {
            const shown = this.#scrub(error);
            this.#finish(1006, shown instanceof Error ? shown.message : String(shown));
            throw shown;
        })
            .finally(() => (this.#connecting = undefined));
        return this.#connecting;
    }
    /** Closes the connection for good (no reconnect); async iterators end. */
    close(code = 1000, reason = '') {
        this.#closedByUser = true;
        clearTimeout(this.#reconnectTimer);
        this.#stopHeartbeat();
        // Frames already handed to the socket go out before its closing handshake.
        this.#inflight = [];
        const socket = this.#socket;
        const pusher = this.#pusher;
        this.#socket = undefined;
        this.#pusher = undefined;
        if (socket) {
            detach(socket);
            socket.close(code, reason);
        }
        pusher?.release();
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
        const queue = new MessageQueue(() => this.#iterators.delete(queue), this.#options.maxBufferedMessages ?? 10_000, (dropped) => this.#emit('lagged', { dropped }));
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
    /** How many requests wait for their reply. */
    get pendingRequests() {
        return this.#requests.size;
    }
    /**
     * Sends a request and resolves with its reply: the first received message among the
     * request's replies whose correlation id equals the request's (filled in when the payload
     * leaves it out), or, without a correlation id, the first such message while this is the
     * oldest pending request of its kind. Rejects at the timeout (`RequestTimeoutError`), when
     * the signal aborts (its reason), when sending fails, and when the channel closes for good
     * (`ChannelError`); every way out forgets the request. The reply also reaches the listeners.
     */
    request(name, payload, options = {}) {
        const spec = ownValue(this.#info.requests ?? {}, name);
        if (!spec)
            return Promise.reject(new RequestValidationError(`"${name}" has no reply`));
        return this.#requests.add(name, spec, payload, options, this.#options.requestTimeoutMs, (value) => this.send(name, value));
    }
    /**
     * Sends a message; while the channel is not open (before `connect()` resolves, or while it
     * reconnects) it is queued and sent in order once open. Throws when the queue is full or the
     * channel was closed.
     */
    send(name, payload) {
        if (this.#state === 'closed')
            throw new ChannelError('the channel is closed', 1000);
        const frame = JSON.stringify(payload);
        const resend = name === this.#info.resend;
        const socket = this.#socket;
        if (this.#state === 'open' && socket && socket.readyState === OPEN && this.#flushing !== socket) {
            this.#write(socket, { frame, resend });
        }
        else {
            const max = this.#options.maxQueuedMessages ?? 1000;
            if (this.#queue.length >= max)
                throw new ChannelError(`the send queue is full (${max} messages while not connected)`, 1006);
            this.#queue.push({ frame, resend });
            if (resend)
                this.#resendQueued = true;
        }
        // Only a message that was sent or queued is the one to re-send after a reconnect.
        if (resend)
            this.#resendPayload = { value: payload };
    }
    /** Hands a frame to the open socket; until the connection is healthy it is also kept, to re-queue if the socket dies. */
    #write(socket, item) {
        socket.send(item.frame);
        if (this.#healthy)
            return;
        this.#inflight.push(item);
        // Bounded: past the cap, the oldest frame handed over counts as delivered.
        if (this.#inflight.length > (this.#options.maxQueuedMessages ?? 1000))
            this.#inflight.shift();
    }
    // ------------------------------------------------------------------------- connecting
    async #open(reconnect) {
        if (this.#closedByUser)
            throw new ChannelError('the channel was closed', 1000);
        // Before the deadline is armed: a missing server fails the call without leaving it pending.
        const pusher = this.#pusherServer();
        this.#state = reconnect ? 'reconnecting' : 'connecting';
        const seq = ++this.#attemptSeq;
        const timeoutMs = this.#options.connectTimeoutMs ?? 30_000;
        let timer;
        // One deadline for the whole attempt: token function, Pusher authorisation and upgrade alike.
        const deadline = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new ChannelError(`connecting to ${this.#where()} timed out after ${timeoutMs} ms`, 1006)), timeoutMs);
            this.#cancelAttempt = reject;
        });
        const work = pusher ? this.#connectPusher(seq) : this.#connectWebSocket(seq);
        work.catch(ignore);
        try {
            await Promise.race([work, deadline]);
        }
        catch (error) {
            this.#abandon();
            throw error;
        }
        finally {
            clearTimeout(timer);
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
            this.#pusher?.release();
            this.#pusher = undefined;
            throw new ChannelError('the channel was closed while connecting', 1000);
        }
        this.#state = 'open';
        this.#startHealthyTimer();
        this.#startHeartbeat();
        // After a reconnect, the resend message goes first, unless a newer one is already queued.
        const resend = this.#info.resend;
        if (reconnect && resend !== undefined && this.#resendPayload && !this.#resendQueued) {
            const value = this.#options.beforeResend ? this.#options.beforeResend(resend, this.#resendPayload.value) : this.#resendPayload.value;
            this.#resendPayload = { value };
            this.#queue.unshift({ frame: JSON.stringify(value), resend: true });
        }
        this.#resendQueued = false;
        // The queue is flushed one turn of the event loop later (sends meanwhile queue behind it): a
        // server that drops the connection right after the upgrade has then been noticed, and the
        // frames wait for the next connection instead of going into a dead socket.
        const socket = this.#socket;
        if (socket && this.#queue.length > 0) {
            this.#flushing = socket;
            setTimeout(() => {
                if (this.#flushing === socket)
                    this.#flushing = undefined;
                if (this.#socket !== socket || socket.readyState !== OPEN || this.#state !== 'open')
                    return;
                const queued = this.#queue;
                this.#queue = [];
                for (const item of queued)
                    this.#write(socket, item);
            }, 0);
        }
        this.#emit('open', { reconnected: reconnect });
        // The socket closed while this attempt was finishing: a drop like any other.
        const early = this.#earlyClose;
        this.#earlyClose = undefined;
        if (early && this.#state === 'open' && this.#socket === socket)
            this.#dropped(early.code, early.reason);
    }
    /** The attempt in flight gave up (timeout, close()): close what it opened; its late results are discarded. */
    #abandon() {
        this.#attemptSeq++;
        const socket = this.#socket;
        this.#socket = undefined;
        if (socket) {
            detach(socket);
            try {
                socket.close();
            }
            catch {
                // not open yet / already closing
            }
        }
        const pusher = this.#pusher;
        this.#pusher = undefined;
        pusher?.release();
    }
    #startHealthyTimer() {
        this.#healthy = false;
        clearTimeout(this.#healthyTimer);
        this.#healthyTimer = setTimeout(() => {
            // Stayed open long enough: the backoff restarts, frames handed over count as delivered.
            this.#healthy = true;
            this.#attempt = 0;
            this.#inflight = [];
        }, this.#options.healthyAfterMs ?? 5000);
    }
    /** Scrubs this channel's credentials from an error (message, stack, cause chain) before it is shown. */
    #scrub(value) {
        return scrubError(value, this.#secrets);
    }
    #redact(text) {
        return redactText(shownUrl(text, this.#authQuery()), this.#secrets);
    }
    #authQuery() {
        try {
            return this.#server().authQuery;
        }
        catch {
            return undefined;
        }
    }
    /** The URL for messages (credentials redacted), or a stand-in when it cannot be built. */
    #where() {
        try {
            return shownUrl(this.url, this.#authQuery());
        }
        catch {
            return 'the server';
        }
    }
    /** Remembers a credential value (and the encodings it travels in) to scrub it from what is shown. */
    #secret(value) {
        addSecret(this.#secrets, value);
    }
    #server() {
        const key = this.#options.server ?? this.#info.defaultServer;
        const server = ownValue(this.#info.servers, key);
        if (server)
            return server;
        // A document without servers: `url` is the server (no security, no extensions).
        if (key === '' && this.#options.url !== undefined)
            return { url: this.#options.url };
        if (key === '')
            throw new RequestValidationError('the API document declares no server: pass the url option, e.g. { url: "wss://example.com" }');
        throw new RequestValidationError(`unknown server "${key}"`);
    }
    #baseUrl() {
        return this.#options.url ?? expandServerUrl(this.#server(), this.#options.serverVariables ?? {}, 'channel');
    }
    #WebSocket() {
        const ctor = this.#options.WebSocket ?? globalThis.WebSocket;
        if (!ctor)
            throw new RequestValidationError('no WebSocket implementation: pass options.WebSocket (for Node 20: the `ws` package)');
        return ctor;
    }
    /**
     * The first security alternative the caller has credentials for (credentials.ts, shared with
     * the REST runtime): headers (Authorization, API-key headers, Cookie) and query pairs
     * (API keys in the query; the bearer token under `authQuery` with `authTransport: 'query'`).
     */
    async #credentials() {
        const headers = {};
        const query = [];
        const server = this.#server();
        let bearerQuery;
        if (this.#options.authTransport === 'query') {
            bearerQuery = server.authQuery;
            if (!bearerQuery)
                throw new RequestValidationError('this server takes no token in the URL (the spec declares no x-specweave-auth-query); use authTransport "header"');
        }
        const applied = await applyCredentials(this.#info.securitySchemes, server.security ?? [], this.#options.auth ?? {}, {
            header: (name, value) => {
                headers[name === 'authorization' ? 'Authorization' : name] = value;
            },
            query: (name, value) => {
                query.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
            },
        }, (name, problem) => {
            // Never echoes the value.
            throw new ChannelError(`the credential for security scheme "${name}" (auth.${name}) ${problem}`, 1006);
        }, bearerQuery);
        for (const secret of applied.secrets)
            this.#secret(secret);
        if (applied.cookies) {
            headers['Cookie'] = applied.cookies.join('; ');
            this.#secret(headers['Cookie']);
        }
        return { headers, query };
    }
    async #connectWebSocket(seq) {
        const { headers, query } = await this.#credentials();
        if (seq !== this.#attemptSeq)
            return;
        let url = this.url;
        const shown = shownUrl(url, this.#server().authQuery);
        if (query.length > 0)
            url = appendQuery(url, query);
        const Ctor = this.#WebSocket();
        let socket;
        try {
            // `maxPayload` (Node's `ws`): an oversized frame is refused before it is buffered; browsers ignore it.
            socket = new Ctor(url, [], { headers: { ...this.#options.headers, ...headers }, maxPayload: this.#maxMessageBytes() });
        }
        catch (error) {
            // Invalid URLs and header values: the implementation's message may quote them (with the token).
            const detail = error instanceof Error ? this.#redact(error.message) : 'invalid arguments';
            throw new ChannelError(`could not open a WebSocket to ${shown}: ${detail}`, 1006);
        }
        if ('binaryType' in socket)
            socket.binaryType = 'arraybuffer';
        this.#socket = socket;
        // Frames can arrive together with the upgrade: listen before `open` resolves.
        const received = (data) => {
            // The server sent something after our frames: they went into a live connection.
            if (this.#inflight.length > 0)
                this.#inflight = [];
            this.#heartbeatTimers.alive();
            this.#onFrame(data);
        };
        const on = socket.on;
        if (typeof on === 'function') {
            // Node's `ws`: its own 'message' event, without the MessageEvent object its `onmessage`
            // builds for every frame (that alone cost ~20% of receive throughput in bench:ws). Text
            // arrives as a Buffer (`ws` 8) or a string (`ws` 7); a detached socket's frames are ignored.
            on.call(socket, 'message', (data, isBinary) => {
                // (`.toString()`, not `String()`: the generic conversion cost ~150 ns more per frame.)
                if (this.#socket === socket)
                    received(isBinary === false && typeof data !== 'string' ? data.toString() : data);
            });
        }
        else
            socket.onmessage = (ev) => received(ev.data);
        this.#earlyClose = undefined;
        await new Promise((resolve, reject) => {
            let failure;
            socket.onopen = () => {
                // The final handlers go on at once: the socket can fail before this attempt finishes
                // (frames, even an oversized one, arrive with the upgrade).
                socket.onerror = (ev) => this.#socketError(ev);
                socket.onclose = (ev) => {
                    if (this.#socket !== socket)
                        return;
                    if (this.#state === 'open')
                        this.#dropped(ev.code, ev.reason);
                    else
                        this.#earlyClose = { code: ev.code, reason: ev.reason };
                };
                resolve();
            };
            // `ws` reports a refused upgrade as "Unexpected server response: 401"; browsers say nothing.
            socket.onerror = (ev) => (failure = ev?.message);
            socket.onclose = (ev) => {
                const status = /\b([1-5]\d\d)\b/.exec(failure ?? '')?.[1];
                reject(new ChannelError(`WebSocket connection to ${shown} failed${failure ? `: ${this.#redact(failure)}` : ''} (close code ${ev.code})`, ev.code, status === undefined ? undefined : Number(status)));
            };
        });
        if (this.#socket !== socket)
            return;
        // Node's `ws` answers protocol pings itself; seeing them proves the server is alive.
        if (typeof on === 'function')
            on.call(socket, 'ping', () => this.#heartbeatTimers.alive());
    }
    #socketError(ev) {
        const message = ev?.message;
        // `ws` refuses a frame over maxPayload before reading it, then closes with 1009.
        if (typeof message === 'string' && /max payload size exceeded/i.test(message)) {
            this.#emit('unknown', {
                data: undefined,
                reason: `message too large (over the limit of ${this.#maxMessageBytes()} bytes; refused before it was read, connection closed)`,
            });
        }
        else
            this.#emit('error', new ChannelError(typeof message === 'string' ? `WebSocket error: ${this.#redact(message)}` : 'WebSocket error', 1006));
    }
    #maxMessageBytes() {
        return this.#options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    }
    /** The server speaks Pusher: needs the transport the generated class passes (pusher-channel.js). */
    #pusherServer() {
        if (this.#server().pusher === undefined)
            return false;
        if (!this.#transport)
            throw new RequestValidationError('this channel speaks Pusher: pass pusherTransport (runtime/pusher-channel.js) to the Channel constructor');
        return true;
    }
    /** Subscribes through the Pusher transport (pusher-channel.ts: one shared connection per server and settings). */
    #connectPusher(seq) {
        const server = this.#server();
        const pusher = server.pusher;
        const options = this.#options;
        const attempt = {
            baseUrl: this.#baseUrl(),
            appKey: pusher.appKey,
            authEndpoint: options.authEndpoint ?? pusher.authEndpoint,
            WebSocket: this.#WebSocket(),
            options,
            activityTimeoutMs: server.heartbeat?.direction === 'client' ? server.heartbeat.intervalSeconds * 1000 : undefined,
            maxMessageBytes: this.#maxMessageBytes(),
            address: this.address,
            authHeaders: async () => (await this.#credentials()).headers,
            current: () => seq === this.#attemptSeq,
            lease: () => this.#pusher,
            setLease: (lease) => {
                this.#pusher = lease;
            },
            dropped: (code, reason) => this.#dropped(code, reason),
            error: (error) => this.#emit('error', error),
            unknown: (data, reason) => this.#emit('unknown', { data, reason }),
            dispatch: (data, event) => this.#dispatch(data, event),
        };
        return this.#transport.connect(attempt);
    }
    // ------------------------------------------------------------------------- reconnecting
    /** The connection dropped after it was open: reconnect, or close for good, by the close code. */
    #dropped(code, reason) {
        this.#stopHeartbeat();
        this.#socket = undefined;
        this.#pusher = undefined;
        // Frames handed to a socket that died before it proved healthy (no frame from the server
        // after them, not open `healthyAfterMs` yet) may or may not have arrived: report them.
        if (this.#inflight.length > 0) {
            const unsent = this.#inflight.map((item) => item.frame);
            this.#inflight = [];
            this.#emit('error', new ChannelError(`${unsent.length} message(s) handed to a connection that closed (code ${code}) before the server answered may not have arrived`, code, undefined, unsent));
        }
        if (this.#closedByUser || this.#state === 'closed')
            return;
        const policy = closePolicy(code, this.#closeKind());
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
        reason = this.#redact(reason);
        if (attempt > (options.maxAttempts ?? Infinity)) {
            this.#emit('error', new ChannelError(`gave up reconnecting after ${attempt - 1} attempts`, code));
            return this.#finish(code, reason);
        }
        const delayMs = reconnectDelay(attempt, options, immediately);
        this.#state = 'reconnecting';
        // The timer is set before listeners run, so a close() inside `$reconnecting` cancels it.
        this.#reconnectTimer = setTimeout(() => {
            this.#open(true).catch((error) => {
                if (this.#closedByUser)
                    return;
                const failure = this.#scrub(toChannelError(error));
                if (failure.status === 401 || failure.status === 403 || closePolicy(failure.code, this.#closeKind()) === 'fail') {
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
        reason = this.#redact(reason);
        if (this.#queue.length > 0) {
            const unsent = this.#queue.map((item) => item.frame);
            this.#queue = [];
            this.#emit('error', new ChannelError(`${unsent.length} queued message(s) were not sent`, code, undefined, unsent));
        }
        for (const queue of this.#iterators)
            queue.end();
        this.#iterators.clear();
        this.#requests.closed(code);
        this.#emit('close', { code, reason });
    }
    // ---------------------------------------------------------------------------- heartbeat
    #heartbeat() {
        return this.#info.heartbeat ?? this.#server().heartbeat;
    }
    /** Pusher keeps its own ping/pong; plain channels follow the spec's heartbeat (channel-heartbeat.ts). */
    #startHeartbeat() {
        const hb = this.#heartbeat();
        const socket = this.#socket;
        if (!hb || !socket || (hb.direction === 'server' && this.#server().pusher))
            return;
        this.#heartbeatTimers.start(hb, socket, this.#options.heartbeatTimeoutMs);
    }
    /** The close-code classification of the protocol spoken (Pusher's), if any. */
    #closeKind() {
        return this.#server().pusher ? this.#transport?.closeKind : undefined;
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
        clearTimeout(this.#healthyTimer);
        this.#heartbeatTimers.stop();
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
        // Worked out on the first frame; `null` (no server heartbeat to drop) is kept too, so a
        // channel without one does not look it up again on every frame (`??=` would).
        let filter = this.#heartbeatFilter;
        if (filter === undefined)
            filter = this.#heartbeatFilter = heartbeatFilter(this.#heartbeat());
        if (filter?.(payload))
            return;
        const rule = (this.#dispatcher ??= new Dispatcher(this.#info.receive)).find(payload, event);
        if (this.#requests.size > 0)
            this.#requests.settle(payload, event, rule?.name, this.#info.receive);
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
        if (name === 'error')
            value = this.#scrub(value);
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
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
function ignore() { }
