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
import { PusherConnection } from './pusher-protocol.js';
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
    /** Opens the connection; resolves once it is open (and, for Pusher, subscribed). */
    connect() {
        if (this.#state === 'open')
            return Promise.resolve();
        // A second call while connecting waits for the same attempt.
        this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
        return this.#connecting;
    }
    async #open() {
        this.#state = 'connecting';
        try {
            if (this.#server().pusher)
                await this.#connectPusher();
            else
                await this.#connectWebSocket();
            this.#state = 'open';
            this.#emit('open', undefined);
        }
        catch (error) {
            this.#state = 'closed';
            this.#pusher?.close(); // e.g. subscription refused: do not leave the socket open
            for (const queue of this.#iterators)
                queue.end();
            this.#iterators.clear();
            throw error;
        }
    }
    /** Closes the connection; async iterators end. */
    close(code = 1000, reason = '') {
        this.#pusher?.close();
        this.#socket?.close(code, reason);
        this.#closed(code, reason);
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
    /** Every received message, in order, until the channel closes or the signal aborts. */
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
    send(_name, payload) {
        if (!this.#socket || this.#state !== 'open')
            throw new Error('the channel is not open: await connect() first');
        this.#socket.send(JSON.stringify(payload));
    }
    // ------------------------------------------------------------------------- internals
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
        this.#socket = socket;
        await new Promise((resolve, reject) => {
            socket.onopen = () => resolve();
            socket.onerror = () => reject(new Error(`WebSocket connection to ${this.url} failed`));
            socket.onclose = (ev) => reject(new Error(`WebSocket closed before opening (code ${ev.code})`));
        });
        socket.onerror = () => this.#emit('error', new Error('WebSocket error'));
        socket.onclose = (ev) => this.#closed(ev.code, ev.reason);
        socket.onmessage = (ev) => this.#onFrame(ev.data);
    }
    async #connectPusher() {
        const server = this.#server();
        const pusher = server.pusher;
        const options = this.#options;
        const connection = new PusherConnection({
            WebSocket: this.#WebSocket(),
            baseUrl: this.#baseUrl(),
            appKey: pusher.appKey,
            ...(pusher.authEndpoint === undefined ? {} : { authEndpoint: pusher.authEndpoint }),
            authHeaders: async () => ({ Accept: 'application/json', ...options.headers, ...(await this.#credentials()).headers }),
            ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
            ...(server.heartbeat?.direction === 'client' ? { activityTimeoutMs: server.heartbeat.intervalSeconds * 1000 } : {}),
        });
        connection.onError = (error) => this.#emit('error', error);
        connection.onClose = (code, reason) => this.#closed(code, reason);
        this.#pusher = connection;
        await connection.connect();
        await connection.subscribe(this.address, (event, data) => this.#dispatch(data, event));
    }
    #onFrame(data) {
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
        const heartbeat = this.#info.heartbeat ?? this.#server().heartbeat;
        if (heartbeat?.kind === 'message' && heartbeat.direction === 'server' && sameJson(payload, heartbeat.message))
            return;
        const rules = this.#info.receive;
        const rule = rules.length === 1 && !rules[0].match ? rules[0] : rules.find((r) => r.match && matches(r.match, payload, event));
        if (!rule) {
            this.#emit('unknown', { data: payload, reason: event === undefined ? 'matches no message of this channel' : `unexpected event "${event}"` });
            return;
        }
        const received = { name: rule.name, payload };
        for (const listener of [...(this.#listeners.get(rule.name) ?? [])]) {
            try {
                listener(payload);
            }
            catch (error) {
                this.#emit('error', error instanceof Error ? error : new Error(String(error)));
            }
        }
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
    #closed(code, reason) {
        if (this.#state === 'closed')
            return;
        this.#state = 'closed';
        for (const queue of this.#iterators)
            queue.end();
        this.#iterators.clear();
        this.#emit('close', { code, reason });
    }
}
function matches(match, payload, event) {
    if (match.kind === 'event')
        return match.event === event;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
        return false;
    if (match.kind === 'key')
        return Object.prototype.hasOwnProperty.call(payload, match.key);
    const value = ownValue(payload, match.property);
    return match.values.some((v) => v === value);
}
function sameJson(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
/** An async iterator fed by pushes; a slow consumer only grows its own queue. */
class MessageQueue {
    onDone;
    #items = [];
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
        const item = this.#items.shift();
        if (item !== undefined)
            return Promise.resolve({ value: item, done: false });
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
