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
import { expandServerUrl, ownValue, REDACTED, redactText } from './common.js';
import { applyCredentials } from './credentials.js';
import { classifyPusherCloseCode, frameBytes, PusherConnection } from './pusher-protocol.js';
/** No reply arrived within the request's timeout. */
export class RequestTimeoutError extends Error {
    name = 'RequestTimeoutError';
    /** The request's message name. */
    request;
    timeoutMs;
    constructor(request, timeoutMs) {
        super(`no reply to "${request}" within ${timeoutMs} ms`);
        this.request = request;
        this.timeoutMs = timeoutMs;
    }
}
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
    #pingTimer;
    #deadTimer;
    /** When traffic last arrived (ms); the liveness timer re-arms from it instead of per frame. */
    #lastSeen = 0;
    /** Rejects the connection attempt in flight (close() during connect). */
    #cancelAttempt;
    /** The server heartbeat message to keep out of user messages (null: none); computed once. */
    #heartbeatFilter;
    #clientPingTimeout;
    /** Requests waiting for their reply, in the order they were made. */
    #pending = new Map();
    #pendingSeq = 0;
    /** The last correlation id this channel filled in. */
    #lastId = 0;
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
        return this.#pending.size;
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
            return Promise.reject(new Error(`"${name}" has no reply`));
        const signal = options.signal;
        if (signal?.aborted)
            return Promise.reject(signal.reason);
        let value = payload;
        let id;
        if (spec.correlation !== undefined && spec.correlation.length > 0 && isObject(payload)) {
            id = pathValue(payload, spec.correlation);
            if (id === undefined) {
                id = spec.idType === 'string' ? String(++this.#lastId) : ++this.#lastId;
                value = withPathValue(payload, spec.correlation, id);
            }
        }
        const key = ++this.#pendingSeq;
        const timeoutMs = Math.min(Math.max(0, options.timeoutMs ?? this.#options.requestTimeoutMs ?? 30_000), 2 ** 31 - 1);
        return new Promise((resolve, reject) => {
            const done = () => {
                this.#pending.delete(key);
                clearTimeout(timer);
                signal?.removeEventListener('abort', onAbort);
            };
            const onAbort = () => {
                done();
                reject(signal.reason);
            };
            const timer = setTimeout(() => {
                done();
                reject(new RequestTimeoutError(name, timeoutMs));
            }, timeoutMs);
            signal?.addEventListener('abort', onAbort, { once: true });
            this.#pending.set(key, {
                name,
                replies: spec.replies,
                id,
                resolve: (reply) => {
                    done();
                    resolve(reply);
                },
                reject: (error) => {
                    done();
                    reject(error);
                },
            });
            try {
                this.send(name, value);
            }
            catch (error) {
                done();
                reject(error);
            }
        });
    }
    /**
     * A received message that answers a pending request settles it: first the oldest request
     * whose correlation id it carries (tested against each reply's own rule), else the oldest
     * uncorrelated request of which it is (as dispatched) a reply.
     */
    #settleReply(payload, event, dispatched) {
        let byKind;
        for (const pending of this.#pending.values()) {
            for (const reply of pending.replies) {
                const rule = this.#info.receive.find((r) => r.name === reply);
                if (!rule)
                    continue;
                if (pending.id === undefined || rule.correlation === undefined) {
                    if (reply === dispatched)
                        byKind ??= pending;
                    continue;
                }
                if ((rule.match === undefined || matches(rule.match, payload, event)) && sameId(pathValue(payload, rule.correlation), pending.id)) {
                    pending.resolve(payload);
                    return;
                }
            }
        }
        byKind?.resolve(payload);
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
        if (this.#state === 'open' && socket && socket.readyState === OPEN && this.#flushing !== socket) {
            this.#write(socket, { frame, resend });
        }
        else {
            const max = this.#options.maxQueuedMessages ?? 1000;
            if (this.#queue.length >= max)
                throw new Error(`the send queue is full (${max} messages while not connected)`);
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
        const pusher = this.#server().pusher !== undefined;
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
        if (value.length < 4)
            return;
        if (this.#secrets.size > 64)
            this.#secrets.clear();
        const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
        for (const piece of value.split(/[\x00-\x1f\x7f]+/))
            if (piece.length >= 4)
                forms.push(piece);
        for (const form of forms)
            this.#secrets.add(form);
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
            throw new Error('the API document declares no server: pass the url option, e.g. { url: "wss://example.com" }');
        throw new Error(`unknown server "${key}"`);
    }
    #baseUrl() {
        return this.#options.url ?? expandServerUrl(this.#server(), this.#options.serverVariables ?? {}, 'channel');
    }
    #WebSocket() {
        const ctor = this.#options.WebSocket ?? globalThis.WebSocket;
        if (!ctor)
            throw new Error('no WebSocket implementation: pass options.WebSocket (for Node 20: the `ws` package)');
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
                throw new Error('this server takes no token in the URL (the spec declares no x-specweave-auth-query); use authTransport "header"');
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
        socket.onmessage = (ev) => {
            // The server sent something after our frames: they went into a live connection.
            if (this.#inflight.length > 0)
                this.#inflight = [];
            this.#alive();
            this.#onFrame(ev.data);
        };
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
        socket.on?.('ping', () => this.#alive());
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
            this.#emit('error', new Error(typeof message === 'string' ? `WebSocket error: ${this.#redact(message)}` : 'WebSocket error'));
    }
    #maxMessageBytes() {
        return this.#options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    }
    /**
     * Pusher channels of one server share one connection with one subscription each, as
     * pusher-js does: channels whose connection settings are the same (server URL, app key,
     * WebSocket constructor, credentials, headers, fetch, auth endpoint, timeouts) use the
     * connection the first of them opened; it closes when the last of them is closed.
     */
    async #connectPusher(seq) {
        const server = this.#server();
        const pusher = server.pusher;
        const options = this.#options;
        const authEndpoint = options.authEndpoint ?? pusher.authEndpoint;
        const Ctor = this.#WebSocket();
        const baseUrl = this.#baseUrl();
        const activityTimeoutMs = server.heartbeat?.direction === 'client' ? server.heartbeat.intervalSeconds * 1000 : undefined;
        const key = sharingKey([
            baseUrl,
            pusher.appKey,
            authEndpoint,
            Ctor,
            options.fetch,
            options.headers,
            options.auth,
            activityTimeoutMs,
            options.heartbeatTimeoutMs,
            options.connectTimeoutMs,
            this.#maxMessageBytes(),
        ]);
        const address = this.address;
        let shared = SHARED_PUSHER.get(key);
        // One handler per channel name: a second channel of the same name gets a connection of its own.
        if (shared && (shared.connection.state === 'closed' || shared.connection.channelNames().includes(address)))
            shared = undefined;
        if (!shared) {
            const connection = new PusherConnection({
                WebSocket: Ctor,
                baseUrl,
                appKey: pusher.appKey,
                ...(authEndpoint === undefined ? {} : { authEndpoint }),
                authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await this.#credentials()).headers }),
                ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
                ...(activityTimeoutMs === undefined ? {} : { activityTimeoutMs }),
                ...(options.heartbeatTimeoutMs === undefined ? {} : { pongTimeoutMs: options.heartbeatTimeoutMs }),
                ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs, authTimeoutMs: options.connectTimeoutMs }),
                maxMessageBytes: this.#maxMessageBytes(),
            });
            const entry = { connection, users: new Set(), ready: connection.connect() };
            const forget = () => {
                if (SHARED_PUSHER.get(key) === entry)
                    SHARED_PUSHER.delete(key);
            };
            entry.ready.catch(forget);
            connection.onError = (error) => {
                for (const user of [...entry.users])
                    user.error(error);
            };
            connection.onUnknown = (data, reason) => {
                for (const user of [...entry.users])
                    user.unknown(data, reason);
            };
            connection.onClose = (code, reason) => {
                forget();
                const users = [...entry.users];
                entry.users.clear();
                for (const user of users)
                    user.dropped(code, reason);
            };
            // A connection for a channel name already taken on the shared one stays private.
            if (!SHARED_PUSHER.has(key))
                SHARED_PUSHER.set(key, entry);
            shared = entry;
        }
        const entry = shared;
        const connection = entry.connection;
        const user = {
            dropped: (code, reason) => {
                if (this.#pusher?.connection === connection)
                    this.#dropped(code, reason);
            },
            error: (error) => this.#emit('error', error),
            unknown: (data, reason) => this.#emit('unknown', { data, reason }),
        };
        let released = false;
        const lease = {
            connection,
            release: () => {
                if (released)
                    return;
                released = true;
                entry.users.delete(user);
                if (entry.users.size > 0) {
                    if (connection.state === 'connected')
                        connection.unsubscribe(address);
                    return;
                }
                if (SHARED_PUSHER.get(key) === entry)
                    SHARED_PUSHER.delete(key);
                connection.onClose = null;
                connection.close();
            },
        };
        entry.users.add(user);
        if (seq !== this.#attemptSeq) {
            lease.release();
            return;
        }
        this.#pusher = lease;
        try {
            await entry.ready;
            await connection.subscribe(address, (event, data) => this.#dispatch(data, event));
        }
        catch (error) {
            if (this.#pusher === lease)
                this.#pusher = undefined;
            lease.release();
            throw error;
        }
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
        reason = this.#redact(reason);
        if (attempt > (options.maxAttempts ?? Infinity)) {
            this.#emit('error', new ChannelError(`gave up reconnecting after ${attempt - 1} attempts`, code));
            return this.#finish(code, reason);
        }
        const bound = Math.min(options.maxDelayMs ?? 30_000, (options.initialDelayMs ?? 500) * (options.factor ?? 2) ** (attempt - 1));
        // Full jitter: anywhere between 0 and the exponential bound. "Reconnect at once" codes wait
        // a floor first, and once repeated (the connection never became healthy) join the backoff.
        const floor = Math.max(0, options.immediateDelayMs ?? 1000);
        const jitter = Math.round(Math.random() * bound);
        const delayMs = !immediately ? jitter : attempt === 1 ? floor : Math.max(floor, jitter);
        this.#state = 'reconnecting';
        // The timer is set before listeners run, so a close() inside `$reconnecting` cancels it.
        this.#reconnectTimer = setTimeout(() => {
            this.#open(true).catch((error) => {
                if (this.#closedByUser)
                    return;
                const failure = this.#scrub(toChannelError(error));
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
        reason = this.#redact(reason);
        if (this.#queue.length > 0) {
            const unsent = this.#queue.map((item) => item.frame);
            this.#queue = [];
            this.#emit('error', new ChannelError(`${unsent.length} queued message(s) were not sent`, code, undefined, unsent));
        }
        for (const queue of this.#iterators)
            queue.end();
        this.#iterators.clear();
        for (const pending of [...this.#pending.values()])
            pending.reject(new ChannelError(`the channel closed before the reply to "${pending.name}" arrived`, code));
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
        clearTimeout(this.#healthyTimer);
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
        const rule = (this.#dispatcher ??= new Dispatcher(this.#info.receive)).find(payload, event);
        if (this.#pending.size > 0)
            this.#settleReply(payload, event, rule?.name);
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
/** Open Pusher connections by their settings (`sharingKey`), shared by the channels that have the same. */
const SHARED_PUSHER = new Map();
const IDENTITIES = new WeakMap();
let lastIdentity = 0;
/** A key equal for equal settings: JSON values by value, functions (constructors, fetch, token functions) by identity. */
function sharingKey(values) {
    return JSON.stringify(values, (_, value) => {
        if (typeof value !== 'function')
            return value === undefined ? null : value;
        let id = IDENTITIES.get(value);
        if (id === undefined)
            IDENTITIES.set(value, (id = ++lastIdentity));
        return `function#${id}`;
    });
}
const OPEN = 1;
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/**
 * `address` joined to `base` per RFC 3986: the address's segments go after the base's path,
 * before its query. An address that adds nothing (`/`, ``) leaves a base with a path or a query
 * as it is (`wss://host/raw`, `wss://h/link?ticket=T1`); a bare origin gets its `/`.
 */
export function joinUrl(base, address) {
    const cut = base.search(/[?#]/);
    const head = cut < 0 ? base : base.slice(0, cut);
    const tail = cut < 0 ? '' : base.slice(cut);
    const path = address.replace(/^\/+/, '');
    if (path === '')
        return (/^[a-z][a-z\d+.-]*:\/\/[^/]*$/i.test(head) ? `${head}/` : head) + tail;
    return `${head.replace(/\/+$/, '')}/${path}${tail}`;
}
/** `url` with `pairs` (already encoded `name=value`) appended to its query, before any fragment. */
function appendQuery(url, pairs) {
    if (pairs.length === 0)
        return url;
    const hash = url.indexOf('#');
    const head = hash < 0 ? url : url.slice(0, hash);
    const fragment = hash < 0 ? '' : url.slice(hash);
    const sep = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
    return `${head}${sep}${pairs.join('&')}${fragment}`;
}
/** `url` with the `query` option's parameters (percent-encoded) appended. */
function withQuery(url, query) {
    if (query === undefined)
        return url;
    const pairs = [];
    for (const name of Object.keys(query)) {
        const value = query[name];
        if (value !== undefined)
            pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
    return appendQuery(url, pairs);
}
/** Query parameters whose values are credentials, by name. */
const CREDENTIAL_PARAMETER = /(token|key|secret|password|passwd|pwd|auth|sig|signature|credential|session)/i;
/**
 * A URL fit to show: values of credential query parameters (and `authQuery`) and any userinfo
 * replaced by `[redacted]`. Works on text that merely contains URLs too.
 */
export function shownUrl(text, authQuery) {
    return text.replace(/(\/\/)[^/?#@\s]*@/g, `$1${REDACTED}@`).replace(/([?&;])([^=&#\s]*)=([^&#\s]*)/g, (whole, sep, name) => {
        let decoded = name;
        try {
            decoded = decodeURIComponent(name);
        }
        catch {
            // keep the raw name
        }
        return CREDENTIAL_PARAMETER.test(decoded) || (authQuery !== undefined && decoded === authQuery) ? `${sep}${name}=${REDACTED}` : whole;
    });
}
/**
 * Scrubs credential values from an error in place (message, stack, string fields, the cause
 * chain, AggregateError members), so it keeps its class and fields. Other values pass through.
 */
function scrubError(value, secrets, depth = 0) {
    if (!(value instanceof Error) || depth > 8)
        return value;
    const record = value;
    for (const key of ['message', 'stack', ...Object.keys(value)]) {
        const field = record[key];
        if (typeof field === 'string') {
            const clean = redactText(shownUrl(field), secrets);
            if (clean !== field) {
                try {
                    Object.defineProperty(value, key, {
                        value: clean,
                        writable: true,
                        configurable: true,
                        enumerable: Object.prototype.propertyIsEnumerable.call(value, key),
                    });
                }
                catch {
                    // a frozen error: leave it
                }
            }
        }
        else if (field instanceof Error)
            scrubError(field, secrets, depth + 1);
        else if (Array.isArray(field))
            for (const item of field)
                scrubError(item, secrets, depth + 1);
    }
    if ('cause' in value)
        scrubError(value.cause, secrets, depth + 1);
    return value;
}
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
    /** Messages (JSON text) that were accepted by `send` but could not be sent, in order. */
    unsent;
    constructor(message, code, status, unsent = []) {
        super(message);
        this.code = code;
        this.status = status;
        this.unsent = unsent;
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
 * The channel's receive rules, compiled once: `find` gives the message a payload is. Strict
 * tests first (discriminator value, tag key, Pusher event, strict terms), in document order;
 * then loose tests (object fallback, loose terms); then the first message without a rule,
 * which stands for "anything else" (not for Pusher events).
 */
class Dispatcher {
    #strict = [];
    #loose = [];
    #anything;
    constructor(rules) {
        let anything;
        for (const rule of rules) {
            const match = rule.match;
            if (match === undefined)
                anything ??= rule;
            else if (match.kind === 'object')
                this.#loose.push([rule, isObject]);
            else if (match.kind === 'rule') {
                for (const term of match.anyOf) {
                    if (term.type === undefined && !term.values?.length && !term.keys?.length && !term.absent?.length)
                        anything ??= rule;
                    else
                        (term.loose ? this.#loose : this.#strict).push([rule, termTest(term)]);
                }
            }
            else
                this.#strict.push([rule, (payload, event) => matches(match, payload, event)]);
        }
        this.#anything = anything;
    }
    find(payload, event) {
        for (const [rule, test] of this.#strict)
            if (test(payload, event))
                return rule;
        if (event !== undefined)
            return undefined;
        for (const [rule, test] of this.#loose)
            if (test(payload, event))
                return rule;
        return this.#anything;
    }
}
function termTest(term) {
    const values = term.values ?? [];
    const keys = term.keys ?? [];
    const absent = term.absent ?? [];
    if (term.type === 'array')
        return (payload) => Array.isArray(payload);
    return (payload) => {
        if (!isObject(payload))
            return false;
        for (const v of values) {
            const value = ownValue(payload, v.property);
            if (!v.values.some((x) => x === value))
                return false;
        }
        for (const key of keys)
            if (!Object.hasOwn(payload, key))
                return false;
        for (const key of absent)
            if (Object.hasOwn(payload, key))
                return false;
        return true;
    };
}
/** The value at a path of own properties (undefined where there is none). */
function pathValue(value, path) {
    let at = value;
    for (const key of path) {
        if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key))
            return undefined;
        at = at[key];
    }
    return at;
}
/** A copy of `value` with `id` at `path` (objects along the path copied, missing ones created); the caller's object is left alone. */
function withPathValue(value, path, id) {
    const [key, ...rest] = path;
    if (key === undefined)
        return id;
    const copy = isObject(value) ? { ...value } : {};
    const inner = Object.hasOwn(copy, key) ? copy[key] : undefined;
    Object.defineProperty(copy, key, { value: withPathValue(inner, rest, id), enumerable: true, writable: true, configurable: true });
    return copy;
}
/** Correlation ids are equal as JSON scalars, a number and its decimal string alike (servers echo either). */
function sameId(a, b) {
    if (a === b)
        return true;
    const scalar = (v) => typeof v === 'string' || typeof v === 'number';
    return scalar(a) && scalar(b) && String(a) === String(b);
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
    if (match.kind === 'rule')
        return match.anyOf.some((term) => termTest(term)(payload, event));
    if (!isObject(payload))
        return false;
    if (match.kind === 'object')
        return true;
    if (match.kind === 'key')
        return Object.hasOwn(payload, match.key);
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
        if (!Object.hasOwn(a, k) || !sameValue(a[k], b[k]))
            return false;
    }
    return Object.keys(a).length === kb.length;
}
/**
 * An async iterator fed by pushes. A slow consumer's backlog is bounded: past `max` unread
 * items the oldest is dropped, and `onLag` reports how many (once per burst, from a microtask).
 */
class MessageQueue {
    onDone;
    onLag;
    /** Items from `#head` on are unread; the array is compacted as it is drained (O(1) per item). */
    #items = [];
    #head = 0;
    #waiting = [];
    #done = false;
    #dropped = 0;
    #max;
    constructor(onDone, max, onLag) {
        this.onDone = onDone;
        this.onLag = onLag;
        this.#max = Math.max(1, Math.floor(max) || 1);
    }
    push(item) {
        const waiter = this.#waiting.shift();
        if (waiter)
            return waiter({ value: item, done: false });
        this.#items.push(item);
        if (this.#items.length - this.#head > this.#max) {
            this.#head++;
            this.#compact();
            if (this.#dropped++ === 0) {
                queueMicrotask(() => {
                    const dropped = this.#dropped;
                    this.#dropped = 0;
                    this.onLag(dropped);
                });
            }
        }
    }
    #compact() {
        if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
            this.#items = this.#items.slice(this.#head);
            this.#head = 0;
        }
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
            this.#compact();
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
