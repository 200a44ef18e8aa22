package io.meshgate.kernel.http;

import io.meshgate.config.Cluster;
import io.meshgate.config.EgressTunnel;
import io.meshgate.kernel.filter.FilterContext;
import io.meshgate.kernel.filter.FilterOutcome;
import io.meshgate.kernel.filter.HttpFilter;
import io.meshgate.kernel.filter.RetryFilter;
import io.meshgate.kernel.observe.RetryStats;
import io.meshgate.kernel.observe.AccessLogEntry;
import io.meshgate.kernel.path.NormalizedTarget;
import io.meshgate.kernel.path.PathNormalizer;
import io.meshgate.kernel.routing.CompiledRoute;
import io.meshgate.kernel.routing.RouteMatchResult;
import io.meshgate.kernel.observe.ClusterGuardStats;
import io.meshgate.kernel.upstream.CircuitBreakerState;
import io.meshgate.kernel.upstream.ClusterLoad;
import io.meshgate.kernel.upstream.ConnectionLimitException;
import io.meshgate.kernel.upstream.EndpointState;
import io.meshgate.kernel.upstream.PoolExhaustedException;
import io.meshgate.kernel.upstream.TunnelRefusedException;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.meshgate.kernel.upstream.UpstreamConnectionPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * One request and its response through the proxy: route, filters, balancing, an upstream connection
 * from the event loop's pool, then streaming both ways with backpressure. Lives on the downstream
 * channel's event loop (the upstream connection is on the same loop), so it needs no locking.
 *
 * <p>The exchange holds the {@link HttpSnapshot} it started with: a config swap never changes a
 * request in flight.
 */
final class Exchange implements RequestTimeouts.Target, io.netty.channel.ChannelFutureListener {
    // the timeouts of an exchange (RequestTimeouts.Target kinds): no lambda per timeout
    private static final int REQUEST_TIMEOUT = 0;
    private static final int IDLE_CHECK = 1;
    private static final int OVERALL_TIMEOUT = 2;

    private static final io.netty.util.AsciiString X_REQUEST_ID = io.netty.util.AsciiString.cached("x-request-id");
    /** Envoy's header on answers of its circuit-breaker limits. */
    private static final Map<String, String> OVERLOADED = Map.of("x-envoy-overloaded", "true");

    private final HttpProxyHandler owner;
    private final ChannelHandlerContext down;
    private final HttpRuntime runtime;
    private final HttpSnapshot snapshot;
    private final HttpListenerRuntime listener;
    private final HttpRequest request;
    private final boolean http2;
    private final boolean secure;
    private final long startNanos = System.nanoTime();

    private String authority;
    private String path;
    private CompiledRoute route;
    private List<HttpFilter> filters = List.of();
    private FilterContext filterContext;
    private String clusterName;
    private UpstreamCluster cluster;
    private EndpointState endpoint;
    private UpstreamConnectionPool pool;
    private Channel upstream;
    private UpstreamResponseHandler upstreamHandler;
    private RequestTimeouts.Timeout timeout;
    /** Stream idle check, armed once the response head is in and until the response is complete. */
    private RequestTimeouts.Timeout idleCheck;
    private long lastProgressNanos;
    /** The response head is in and its end is not: the idle check is armed when the read ends. */
    private boolean idleCheckDue;

    private boolean requestComplete;
    private boolean headSent;
    private boolean responseStarted;
    private boolean finished;
    private boolean upgrading;
    private boolean upstreamReusable;
    private boolean forwardTrailersHint;
    /** A bodiless request went upstream whole: the client's end marker is still to come, and goes nowhere. */
    private boolean endMarkerPending;
    private boolean requestChunked;
    private final boolean clientWantsClose;
    /** The client's HTTP version, kept: the head is rewritten to HTTP/1.1 before it goes upstream. */
    private final HttpVersion clientVersion;
    /** The response body ends when the connection closes (an HTTP/1.0 client, no length known). */
    private boolean closeDelimited;
    private final boolean requestHasBody;
    /** The endpoint the last try went to, for the access log (made a string only when a line is written). */
    private Object endpointLabel;
    private int status;
    private long requestBytes;
    private long responseBytes;
    private long upstreamStartNanos;
    private long upstreamHeadNanos;
    private String flags = ResponseFlags.NONE;

    // retries (all unused, and nothing allocated, on a route without a retry policy)
    /** The route's retry policy; null: one try. */
    private RetryFilter retry;
    /** This event loop's retry counters and budget of the cluster; only with {@link #retry}. */
    private RetryStats.Loop retryStats;
    private int retriesDone;
    private boolean holdsRetrySlot;
    /** The request body kept to be sent again; null until a body byte arrived. */
    private RetryBody retryBody;
    /** False once the request can no longer be sent again (its body outgrew the bound, or had trailers). */
    private boolean replayable = true;
    /** The whole-request deadline across tries and back-offs ({@link System#nanoTime()} based). */
    private long deadlineNanos;
    private RequestTimeouts.Timeout overallTimeout;
    private io.netty.util.concurrent.ScheduledFuture<?> backoff;
    /** Where an original-destination request goes, for its retries. */
    private String routedHost;
    private UpstreamCluster gateway;
    // circuit breaker and connection limits (all null, and nothing done, on a cluster without them)
    /** The cluster's breaker, once it let this request through: the outcome is counted in it. */
    private CircuitBreakerState breaker;
    /** The cluster's load counts, with this request counted in {@link #loadLoop}. */
    private ClusterLoad load;
    private ClusterLoad.Loop loadLoop;
    /** Counted as waiting for a connection in {@link #loadLoop}. */
    private boolean pending;
    /** Why the proxy answered as it did, when a flag alone does not say (an access denial's reason). */
    private String details;

    Exchange(HttpProxyHandler owner, ChannelHandlerContext down, HttpRuntime runtime, HttpSnapshot snapshot,
             HttpListenerRuntime listener, HttpRequest request, boolean http2, boolean secure) {
        this.owner = owner;
        this.down = down;
        this.runtime = runtime;
        this.snapshot = snapshot;
        this.listener = listener;
        this.request = request;
        this.http2 = http2;
        this.secure = secure;
        this.clientWantsClose = !http2 && !HttpUtil.isKeepAlive(request);
        this.clientVersion = request.protocolVersion();
        this.requestHasBody = http2 || HttpUtil.isTransferEncodingChunked(request)
                || HttpUtil.getContentLength(request, 0L) > 0;
        runtime.exchangeStarted();
    }

    ChannelHandlerContext downstream() {
        return down;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    /** True when a body chunk can go upstream right now. */
    boolean acceptsBody() {
        return endMarkerPending || upstream != null && headSent && !requestComplete && upstream.isWritable();
    }

    /** The upstream drained its send buffer: body chunks may flow again. */
    void onUpstreamWritabilityChanged() {
        if (upstream != null && upstream.isWritable()) {
            owner.resume();
        }
    }

    /** False when the head says no body follows (then only an empty end marker remains to be read). */
    boolean requestHasBody() {
        return requestHasBody;
    }

    boolean finished() {
        return finished;
    }

    /** Routes the request head and starts the upstream leg (or answers locally). */
    void start(Authority hostAuthority) {
        authority = hostAuthority == null ? null : hostAuthority.raw();
        if (request instanceof FullHttpRequest full) {
            requestComplete = true;
            requestBytes += full.content().readableBytes();
        }
        NormalizedTarget target = PathNormalizer.normalize(request.uri(), listener.config().settings().mergeSlashes());
        if (!target.ok()) {
            reject(HttpResponseStatus.BAD_REQUEST, target.error());
            return;
        }
        path = target.path();
        request.setUri(target.rawQuery() == null ? path : path + "?" + QueryBytes.toAscii(target.rawQuery()));
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > listener.config().settings().maxRequestBodyBytes()) {
            reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large");
            return;
        }
        String host = hostAuthority == null ? "" : hostAuthority.host();
        sanitizeClientHead();
        if (listener.access() != null && denied(listener.access())) {
            return;
        }
        RouteMatchResult match = listener.router().match(host, path, request.method().name(), request.headers());
        if (match == null) {
            flags = ResponseFlags.NO_ROUTE;
            respondLocally(HttpResponseStatus.NOT_FOUND, "no route", false);
            return;
        }
        if (listener.tls() != null && isMisdirected(host)) {
            respondLocally(HttpResponseStatus.MISDIRECTED_REQUEST, "TLS server name does not match Host", false);
            return;
        }
        route = match.route();
        filters = route.filters();
        // no filters (a mesh route): no context, and every loop over the filters below is empty
        filterContext = filters.isEmpty() ? null : new FilterContext(listener.config().name(), route.name(),
                (InetSocketAddress) down.channel().remoteAddress(), secure, host);
        for (int i = 0; i < filters.size(); i++) {
            FilterOutcome outcome = filters.get(i).onRequest(filterContext, request);
            if (!outcome.proceeds()) {
                flags = ResponseFlags.LOCAL_REPLY;
                respondLocally(outcome.status(), outcome.body(), outcome.headers(), outcome.verbatim(), true);
                return;
            }
        }
        clusterName = route.pickCluster();
        cluster = clusterName == null ? null : snapshot.cluster(clusterName);
        if (cluster == null) {
            flags = ResponseFlags.NO_HEALTHY_UPSTREAM;
            respondLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream", true);
            return;
        }
        routedHost = host;
        if ((cluster.breaker() != null || cluster.load() != null) && !admittedByClusterGuards()) {
            return; // answered
        }
        retry = RetryFilter.in(filters);
        if (retry != null) {
            startRetries();
        }
        tryUpstream();
    }

    /** One try: picks an endpoint of the cluster (a new pick for every retry) and sends the request. */
    private void tryUpstream() {
        if (cluster.connectsToOriginalDestination()) {
            endpoint = originalDestination(routedHost);
            if (endpoint == null) {
                return; // answered
            }
            EgressTunnel tunnel = cluster.config().tunnel();
            gateway = tunnel == null ? null : snapshot.cluster(tunnel.gatewayCluster());
        } else {
            endpoint = cluster.pick(clientAddress());
        }
        if (endpoint == null) {
            flags = ResponseFlags.NO_HEALTHY_UPSTREAM;
            respondLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream", true);
            return;
        }
        endpoint.requestStarted();
        endpointLabel = endpoint.endpoint();
        frameUpstreamHead();
        pool = runtime.pool(down.channel().eventLoop());
        upstreamStartNanos = System.nanoTime();
        Future<Channel> acquired = pool.acquire(cluster, endpoint, gateway);
        if (acquired.isDone()) {
            onAcquired(acquired);
        } else {
            acquired.addListener(f -> onAcquired(acquired));
            if (loadLoop != null) {
                enterPending(); // may answer 503; the connection then goes to the pool when it is ready
            }
        }
    }

    // ---- circuit breaker and connection limits --------------------------------------------------

    /**
     * The cluster's breaker and request limit let the request through (it is then counted in them), or the
     * proxy answered: the breaker's degraded answer while it is open, 503 over {@code maxRequests}.
     */
    private boolean admittedByClusterGuards() {
        CircuitBreakerState clusterBreaker = cluster.breaker();
        if (clusterBreaker != null) {
            if (!clusterBreaker.allows(System.nanoTime())) {
                runtime.metrics().guardStats(clusterName).loop().count(ClusterGuardStats.Event.RQ_CIRCUIT_OPEN);
                flags = ResponseFlags.UPSTREAM_OVERFLOW; // Envoy flags its circuit-breaker answers UO too
                details = "circuit breaker open";
                respondLocally(HttpResponseStatus.valueOf(clusterBreaker.config().degradedStatusCode()),
                        clusterBreaker.config().degradedResponseContent(), Map.of(), true, true);
                return false;
            }
            breaker = clusterBreaker;
        }
        ClusterLoad clusterLoad = cluster.load();
        if (clusterLoad != null) {
            int max = clusterLoad.limits().maxRequests();
            if (max > 0 && clusterLoad.activeRequests() >= max) {
                overflow(ClusterGuardStats.Event.RQ_PENDING_OVERFLOW, "upstream request limit reached");
                return false;
            }
            load = clusterLoad;
            loadLoop = clusterLoad.loop();
            loadLoop.requestStarted();
        }
        return true;
    }

    /** This try waits for a new connection: counted as pending, or 503 over {@code maxPendingRequests}. */
    private void enterPending() {
        int max = load.limits().maxPendingRequests();
        if (max > 0 && load.pendingRequests() >= max) {
            overflow(ClusterGuardStats.Event.RQ_PENDING_OVERFLOW, "upstream pending request limit reached");
            return;
        }
        pending = true;
        loadLoop.pendingStarted();
    }

    private void leavePending() {
        if (pending) {
            pending = false;
            loadLoop.pendingFinished();
        }
    }

    /**
     * A connection limit refused the request: 503 with Envoy's {@code x-envoy-overloaded: true}, never
     * retried, and not counted by the breaker (the proxy's own limit, not the upstream's failure).
     */
    private void overflow(ClusterGuardStats.Event event, String cause) {
        runtime.metrics().guardStats(clusterName).loop().count(event);
        breaker = null;
        flags = ResponseFlags.UPSTREAM_OVERFLOW;
        respondLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, cause, OVERLOADED, false, true);
    }

    private void releaseLoad() {
        if (loadLoop != null) {
            leavePending();
            loadLoop.requestFinished();
            loadLoop = null;
        }
    }

    /**
     * Asks the listener's access whether this request may proceed; answers 403 when not. Checked
     * before routing, so a denied client learns nothing of which routes exist.
     */
    private boolean denied(RequestAccess access) {
        // the peer's identity lives on the connection: the socket itself, or an HTTP/2 stream's parent
        Channel connection = http2 ? down.channel().parent() : down.channel();
        RequestAccess.Denial denial = access.check(connection, path, request.method().name(), request.headers());
        if (denial == null) {
            return false;
        }
        runtime.metrics().accessDenied(denial.listener(), denial.rule(), denial.reason());
        flags = ResponseFlags.ACCESS_DENIED;
        details = denial.reason();
        respondLocally(HttpResponseStatus.FORBIDDEN, "access denied", false);
        return true;
    }

    /**
     * The endpoint of an original-destination cluster for this request: where its connection was going
     * (recorded at accept by the mesh listener), reached under the request's host (the TLS name when
     * the cluster's TLS names none, and the egress tunnel's host); null after answering 503 when the
     * connection has no original destination (a listener that is not a mesh listener).
     */
    private EndpointState originalDestination(String host) {
        Channel connection = http2 ? down.channel().parent() : down.channel();
        InetSocketAddress original = connection.attr(io.meshgate.kernel.transparent.OriginalDestination.ATTRIBUTE).get();
        if (original == null) {
            flags = ResponseFlags.NO_HEALTHY_UPSTREAM;
            details = "cluster " + clusterName + " connects to original destinations; this connection has none";
            respondLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "no healthy upstream", true);
            return null;
        }
        if (host.isEmpty()) {
            return cluster.originalDestination(original, null);
        }
        // an IPv6 literal host is written in brackets; TLS names and tunnel hosts are bare
        boolean bracketed = host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']';
        return cluster.originalDestination(original, bracketed ? host.substring(1, host.length() - 1) : host);
    }

    private boolean isMisdirected(String host) {
        // the TLS facts live on the connection: the socket itself, or an HTTP/2 stream's parent
        // (an accepted socket's parent is the listening socket, so parent() alone cannot tell)
        Channel connection = http2 ? down.channel().parent() : down.channel();
        String sni = connection.attr(io.meshgate.kernel.tls.TlsAttributes.SNI).get();
        return listener.tls().misdirected(sni, host);
    }

    private java.net.InetAddress clientAddress() {
        return down.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /**
     * Removes what the client sent for this hop only (hop-by-hop headers and those named in
     * {@code Connection}) and sets the forwarding headers, before routes match and filters run: a
     * client must not be able to nominate away a header a route's filter adds, and route header
     * matches see what the upstream will see.
     */
    private void sanitizeClientHead() {
        HttpHeaders headers = request.headers();
        String te = headers.get(HttpHeaderNames.TE);
        forwardTrailersHint = te != null && te.toLowerCase(java.util.Locale.ROOT).contains("trailers");
        requestChunked = HttpUtil.isTransferEncodingChunked(request);
        upgrading = isWebSocketUpgrade(headers) && !http2;
        HopByHopHeaders.strip(headers, upgrading);
        if (http2) {
            stripHttp2Extensions(headers);
        }
        if (upgrading) {
            // only the WebSocket upgrade travels: other offered protocols (h2c above all: smuggling)
            // are dropped from the list, as Envoy's HTTP/1 codec drops h2c, rather than refused
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        }
        ForwardedHeaders.apply(headers, owner.clientIp(), owner.clientIpv6(), secure, authority,
                listener.config().settings().trustForwardedHeaders());
    }

    /** Frames the (sanitised, filtered) request head for the chosen cluster. */
    private void frameUpstreamHead() {
        HttpHeaders headers = request.headers();
        boolean upstreamH2 = cluster.config().protocol() == Cluster.UpstreamProtocol.HTTP2;
        if (upstreamH2 && forwardTrailersHint) {
            headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        if (!requestComplete && !hasLength && (requestChunked || http2)) {
            HttpUtil.setTransferEncodingChunked(request, true);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** A 101 that switches to WebSocket: {@code Upgrade: websocket} and nothing else. */
    private static boolean isWebSocketAccept(HttpHeaders headers) {
        List<String> upgrades = headers.getAll(HttpHeaderNames.UPGRADE);
        return upgrades.size() == 1 && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrades.getFirst().trim());
    }

    /** Netty's HTTP/2 to HTTP/1 conversion adds these; they must not travel upstream. */
    private static void stripHttp2Extensions(HttpHeaders headers) {
        for (var name : io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames.values()) {
            headers.remove(name.text());
        }
    }

    private void onAcquired(Future<Channel> acquired) {
        if (finished) {
            if (acquired.isSuccess()) {
                pool.release(acquired.getNow());
            }
            return;
        }
        leavePending();
        if (!acquired.isSuccess()) {
            Throwable cause = acquired.cause();
            if (cause instanceof ConnectionLimitException) {
                overflow(ClusterGuardStats.Event.CX_OVERFLOW, "upstream connection limit reached");
                return;
            }
            runtime.metrics().upstreamConnectFailed(clusterName);
            // a full local pool is this proxy's limit, not the endpoint's failure: never retried
            if (!(cause instanceof PoolExhaustedException) && retry != null && retry.retriesConnectFailure()
                    && retryAfterFailedTry()) {
                return;
            }
            if (cause instanceof PoolExhaustedException) {
                flags = ResponseFlags.UPSTREAM_OVERFLOW;
                respondLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream connection limit reached", true);
            } else if (cause instanceof ConnectTimeoutException) {
                flags = ResponseFlags.UPSTREAM_CONNECT_FAILURE;
                respondLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream connect timeout", true);
            } else if (cause instanceof TunnelRefusedException) {
                flags = ResponseFlags.UPSTREAM_CONNECT_FAILURE;
                details = cause.getMessage();
                respondLocally(HttpResponseStatus.BAD_GATEWAY, "upstream tunnel refused", true);
            } else if (cause instanceof SSLException) {
                flags = ResponseFlags.UPSTREAM_CONNECT_FAILURE;
                respondLocally(HttpResponseStatus.BAD_GATEWAY, "upstream TLS handshake failed", true);
            } else {
                flags = ResponseFlags.UPSTREAM_CONNECT_FAILURE;
                respondLocally(HttpResponseStatus.BAD_GATEWAY, "upstream connect error", true);
            }
            return;
        }
        upstream = acquired.getNow();
        upstreamHandler = UpstreamResponseHandler.on(upstream);
        upstreamHandler.attach(this);
        armTimeout();
        if (retriesDone > 0) {
            resendRequest();
            return;
        }
        if (!requestComplete && !requestHasBody && !http2) {
            // an HTTP/1 request without a body: head and end go upstream as one message (one pass down
            // the upstream pipeline, one flush, one TLS record); the client's end marker, which the
            // decoder hands over right behind the head, is then only consumed (onRequestContent)
            upstream.writeAndFlush(new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE)).addListener(this);
            endMarkerPending = true;
        } else {
            upstream.writeAndFlush(request).addListener(this);
        }
        headSent = true;
        if (!requestComplete) {
            owner.resume(); // body chunks that waited can follow the head now
        }
    }

    /** An upstream write of the head, the end or a resent body completed (this exchange as its listener). */
    @Override
    public void operationComplete(io.netty.channel.ChannelFuture f) {
        onUpstreamWrite(f);
    }

    private void onUpstreamWrite(Future<?> f) {
        if (!f.isSuccess() && !finished) {
            upstreamReset("upstream write failed");
        }
    }

    /** A body chunk (or the end of the request) from the client. */
    void onRequestContent(HttpContent content) {
        if (endMarkerPending) {
            // the end of a request that went upstream whole: a bare end marker is all the decoder
            // produces for a bodiless head; anything else means the framing is not what the head said
            endMarkerPending = false;
            boolean bare = content instanceof LastHttpContent end && !content.content().isReadable()
                    && end.trailingHeaders().isEmpty() && !content.decoderResult().isFailure();
            content.release();
            requestComplete = true;
            if (!bare && !finished) {
                requestComplete = false;
                reject(HttpResponseStatus.BAD_REQUEST, "malformed request body");
            }
            return;
        }
        if (finished || requestComplete) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // a malformed chunk (bare LF, bad size, data longer than its size): the decoder hands
            // over an end marker carrying the failure. Forwarding it would complete the request
            // upstream as if the body were fine; refuse instead and discard the half-sent request.
            content.release();
            reject(HttpResponseStatus.BAD_REQUEST, "malformed request body");
            return;
        }
        requestBytes += content.content().readableBytes();
        if (requestBytes > listener.config().settings().maxRequestBodyBytes()) {
            content.release();
            reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large");
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        if (retry != null && replayable) {
            keepForRetry(content);
        }
        if (upstream == null) {
            // not connected yet cannot happen: reads are only requested once the head went upstream
            content.release();
            upstreamFailed("request body before upstream connection");
            return;
        }
        if (content.content().isReadable()) {
            armTimeout(); // progress on the upload restarts the clock
            lastProgressNanos = System.nanoTime();
        }
        if (last) {
            upstream.writeAndFlush(content).addListener(this);
            return;
        }
        upstream.writeAndFlush(content).addListener(f -> {
            onUpstreamWrite(f);
            if (f.isSuccess() && !finished) {
                owner.resume();
            }
        });
    }

    /** The upstream response head, body chunks and end, in order. */
    void onUpstreamMessage(Object msg) {
        // response writes go with the void promise: nothing listens to them (a failed write surfaces as
        // exceptionCaught on the client's pipeline, where the proxy handler ends the exchange and closes),
        // so no promise object per message
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                upstreamFailed("invalid upstream response");
                return;
            }
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                // interim response (100 Continue, 103 Early Hints): pass it on and keep waiting
                HttpResponse interim = response;
                if (http2 && code == 100) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                down.write(interim, down.voidPromise());
                return;
            }
            if (code == 101 && !(upgrading && isWebSocketAccept(response.headers()))) {
                // a tunnel opens only for the WebSocket upgrade the client asked for and the upstream
                // accepted: any other switch would hand the client a protocol nobody checked
                ReferenceCountUtil.release(msg);
                upstreamFailed("upstream switched protocols without a WebSocket upgrade");
                return;
            }
            if (retry != null) {
                if (retry.retriesStatus(code)) {
                    if (retryAfterFailedTry()) {
                        ReferenceCountUtil.release(msg); // the connection was discarded with the rest of it
                        return;
                    }
                } else if (retriesDone > 0) {
                    retryStats.count(RetryStats.Event.SUCCESS);
                }
            }
            cancelTimeout();
            upstreamHeadNanos = System.nanoTime();
            upstreamReusable = HttpUtil.isKeepAlive(response) && code != 101;
            status = code;
            responseStarted = true;
            prepareDownstreamHead(response);
            if (msg instanceof HttpContent content) {
                responseBytes += content.content().readableBytes();
            }
            down.write(msg, down.voidPromise());
            if (msg instanceof LastHttpContent) {
                responseComplete();
            } else {
                // armed at the end of this read, and only if the response is still incomplete then: a
                // small response (head and end in one read) never schedules a check at all
                lastProgressNanos = System.nanoTime();
                idleCheckDue = true;
            }
            return;
        }
        if (msg instanceof HttpContent content) {
            if (!responseStarted) {
                // the rest of an interim response
                if (content.content().isReadable() || !(content instanceof LastHttpContent)) {
                    content.release();
                    upstreamFailed("invalid upstream response");
                    return;
                }
                if (http2) {
                    content.release();
                } else {
                    down.write(content, down.voidPromise());
                }
                return;
            }
            responseBytes += content.content().readableBytes();
            lastProgressNanos = System.nanoTime();
            down.write(content, down.voidPromise());
            if (content instanceof LastHttpContent) {
                responseComplete();
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    private void prepareDownstreamHead(HttpResponse response) {
        HttpHeaders headers = response.headers();
        boolean switching = response.status().code() == 101;
        HopByHopHeaders.strip(headers, switching && upgrading);
        if (cluster != null && cluster.config().protocol() == Cluster.UpstreamProtocol.HTTP2) {
            stripHttp2Extensions(headers);
        }
        for (int i = filters.size() - 1; i >= 0; i--) {
            filters.get(i).onResponse(filterContext, response);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (switching) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            return;
        }
        boolean bodyless = request.method() == HttpMethod.HEAD || response.status().code() == 204
                || response.status().code() == 304;
        if (!bodyless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !(response instanceof FullHttpResponse)) {
            if (http2 || clientVersion.isKeepAliveDefault()) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                // HTTP/1.0 has no chunked coding: the body ends where the connection does
                closeDelimited = true;
            }
        }
        if (!http2) {
            if (mustCloseDownstream()) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (!clientVersion.isKeepAliveDefault()) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }
    }

    private boolean mustCloseDownstream() {
        return clientWantsClose || closeDelimited || runtime.draining() || (!requestComplete && requestHasBody);
    }

    /** Flushes what the upstream read produced; reads more only while the client keeps up. */
    void onUpstreamReadComplete() {
        if (idleCheckDue) {
            idleCheckDue = false;
            if (!finished) {
                armIdleCheck();
            }
        }
        down.flush();
        if (upstream != null && !down.channel().isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    /** The client drained its send buffer: resume reading the upstream. */
    void onDownstreamWritable() {
        if (upstream != null && down.channel().isWritable()) {
            upstream.config().setAutoRead(true);
        }
    }

    private void responseComplete() {
        down.flush();
        if (upgrading && status == 101) {
            switchToTunnel();
            return;
        }
        boolean reuse = upstreamReusable && requestComplete;
        detachUpstream(reuse);
        finish(mustCloseDownstream());
    }

    private void switchToTunnel() {
        Channel up = upstream;
        upstreamHandler.detach();
        up.pipeline().remove(upstreamHandler);
        cancelTimeout();
        cancelIdleCheck();
        upstream = null;
        endpointFinished();
        finished = true;
        if (retry != null) {
            endRetries();
        }
        releaseLoad();
        record();
        runtime.exchangeFinished();
        owner.upgradeToTunnel(down, up);
    }

    /**
     * The upstream connection closed, failed or could not take the request: retried when the policy
     * says so and nothing of the response reached the client yet.
     */
    void upstreamReset(String cause) {
        if (!finished && !responseStarted && retry != null && retry.retriesReset() && retryAfterFailedTry()) {
            return;
        }
        upstreamFailed(cause);
    }

    /** The upstream closed or failed before the exchange completed. */
    void upstreamFailed(String cause) {
        if (finished) {
            return;
        }
        if (flags.equals(ResponseFlags.NONE)) {
            flags = ResponseFlags.UPSTREAM_RESET;
        }
        detachUpstream(false);
        if (responseStarted) {
            // part of the response is already with the client: the only honest signal is to cut it
            finish(true);
            down.close();
        } else {
            respondLocally(HttpResponseStatus.BAD_GATEWAY, cause, true);
        }
    }

    /** The client went away: free the upstream connection and account for the exchange. */
    void downstreamClosed() {
        if (finished) {
            return;
        }
        flags = ResponseFlags.DOWNSTREAM_CLOSED;
        detachUpstream(false);
        finish(true);
    }

    private void reject(HttpResponseStatus code, String cause) {
        runtime.metrics().requestRejected(listener.config().name(), cause);
        flags = ResponseFlags.INVALID_REQUEST;
        respondLocally(code, cause, true);
    }

    /**
     * Answers the client from the proxy. The connection closes afterwards when the request body was
     * not read completely (a body with unknown framing must never be parsed as the next request).
     */
    void respondLocally(HttpResponseStatus code, String cause, boolean runFilters) {
        respondLocally(code, cause, Map.of(), false, runFilters);
    }

    /**
     * A local answer with extra headers (a filter's redirect {@code Location}).
     *
     * @param verbatim {@code cause} is a configured body, sent exactly (a {@code respond} filter)
     */
    private void respondLocally(HttpResponseStatus code, String cause, Map<String, String> extraHeaders,
                                boolean verbatim, boolean runFilters) {
        if (finished) {
            return;
        }
        if (responseStarted) {
            upstreamFailed(cause);
            return;
        }
        detachUpstream(false);
        cancelTimeout();
        boolean close = !http2 && (clientWantsClose || runtime.draining() || !requestComplete && requestHasBody);
        FullHttpResponse response = verbatim ? LocalResponses.verbatim(down.alloc(), code, cause, close)
                : LocalResponses.of(down.alloc(), code, cause, close);
        extraHeaders.forEach(response.headers()::set);
        if (request.method() == HttpMethod.HEAD) {
            response.content().clear();
        }
        if (runFilters && filterContext != null) {
            for (int i = filters.size() - 1; i >= 0; i--) {
                filters.get(i).onResponse(filterContext, response);
            }
        }
        status = code.code();
        responseStarted = true;
        responseBytes = response.content().readableBytes();
        down.writeAndFlush(response);
        finish(close);
    }

    /**
     * Starts the stream idle check: from the response head on, the request timeout no longer applies,
     * and a response that makes no progress (nothing read from the upstream, which is also what
     * happens while the client does not read: the upstream is then paused) for the listener's stream
     * idle timeout is cut. Checked every quarter of the timeout, so it fires up to a quarter late;
     * progress itself only records a timestamp.
     */
    private void armIdleCheck() {
        idleCheck = runtime.timeouts(down.channel().eventLoop()).schedule(idleCheckPeriodNanos(), this, IDLE_CHECK);
    }

    private long idleCheckPeriodNanos() {
        return Math.max(RequestTimeouts.TICK_MILLIS * 1_000_000L, streamIdleNanos() / 4);
    }

    private long streamIdleNanos() {
        return listener.config().settings().streamIdleLimit().toNanos();
    }

    @Override
    public void timeoutExpired(int kind) {
        switch (kind) {
            case REQUEST_TIMEOUT -> onTimeout();
            case IDLE_CHECK -> checkIdle();
            case OVERALL_TIMEOUT -> onOverallTimeout();
            default -> throw new IllegalArgumentException("unknown timeout kind " + kind);
        }
    }

    private void checkIdle() {
        idleCheck = null;
        if (finished) {
            return;
        }
        if (System.nanoTime() - lastProgressNanos < streamIdleNanos()) {
            idleCheck = runtime.timeouts(down.channel().eventLoop()).schedule(idleCheckPeriodNanos(), this, IDLE_CHECK);
            return;
        }
        // both sides are cut: the upstream connection is closed (its response is half read, nobody
        // may reuse it) and the client sees its response end early (reset or closed connection)
        flags = ResponseFlags.STREAM_IDLE_TIMEOUT;
        detachUpstream(false);
        finish(true);
        down.close();
    }

    private void cancelIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel();
            idleCheck = null;
        }
    }

    private void armTimeout() {
        cancelTimeout();
        long nanos = requestTimeout().toNanos();
        if (retry != null && retry.perTryTimeoutNanos() > 0) {
            nanos = Math.min(nanos, retry.perTryTimeoutNanos()); // the whole request has its own timer
        }
        timeout = runtime.timeouts(down.channel().eventLoop()).schedule(nanos, this, REQUEST_TIMEOUT);
    }

    private Duration requestTimeout() {
        return route != null && route.timeout() != null ? route.timeout() : cluster.timeouts().request();
    }

    // ---- retries ------------------------------------------------------------------------------

    /**
     * The request goes to a retrying route: count it in the cluster's budget on this loop, keep a
     * complete request's body, and bound all tries and back-offs by the route's timeout.
     */
    private void startRetries() {
        retryStats = runtime.metrics().retryStats(clusterName).loop();
        retryStats.requestStarted();
        long timeoutNanos = requestTimeout().toNanos();
        deadlineNanos = System.nanoTime() + timeoutNanos;
        overallTimeout = runtime.timeouts(down.channel().eventLoop()).schedule(timeoutNanos, this, OVERALL_TIMEOUT);
        if (upgrading) {
            replayable = false; // a WebSocket upgrade is never sent twice
        } else if (request instanceof FullHttpRequest full && full.content().isReadable()) {
            if (full.content().readableBytes() > retry.policy().bufferLimitBytes()) {
                replayable = false;
            } else {
                retryBody = new RetryBody();
                retryBody.add(full.content());
            }
        }
    }

    /** Keeps a copy (a retained slice, no bytes copied) of a body chunk, until the body outgrows the bound. */
    private void keepForRetry(HttpContent content) {
        boolean trailers = content instanceof LastHttpContent last && !last.trailingHeaders().isEmpty();
        if (trailers || requestBytes > retry.policy().bufferLimitBytes()) {
            replayable = false;
            if (retryBody != null) {
                retryBody.release();
                retryBody = null;
            }
            return;
        }
        if (content.content().isReadable()) {
            if (retryBody == null) {
                retryBody = new RetryBody();
            }
            retryBody.add(content.content());
        }
    }

    /**
     * A try failed in a way the policy retries: starts the back-off before the next try and returns
     * true, or returns false (the caller answers as without retries) when the request cannot be sent
     * again, used its retries (counted as {@code limit_exceeded}), the cluster's retry budget is spent
     * ({@code overflow}), or the back-off would end after the whole-request deadline.
     */
    private boolean retryAfterFailedTry() {
        if (finished || responseStarted || !replayable) {
            return false;
        }
        if (retriesDone >= retry.policy().numRetries()) {
            retryStats.count(RetryStats.Event.LIMIT_EXCEEDED);
            return false;
        }
        if (!holdsRetrySlot && load != null && load.limits().maxRetries() > 0
                && runtime.metrics().retryStats(clusterName).activeRetries() >= load.limits().maxRetries()) {
            retryStats.count(RetryStats.Event.OVERFLOW); // the cluster's maxRetries, Envoy's same counter
            return false;
        }
        if (!retryStats.admitRetry(holdsRetrySlot, retry.policy().budgetPercent(), retry.policy().minRetryConcurrency())) {
            retryStats.count(RetryStats.Event.OVERFLOW);
            return false;
        }
        holdsRetrySlot = true;
        long delay = retry.backoffNanos(retriesDone + 1);
        if (System.nanoTime() + delay >= deadlineNanos) {
            return false; // no time left for another try: the client gets this try's answer
        }
        retriesDone++;
        retryStats.count(RetryStats.Event.RETRY);
        retryStats.count(RetryStats.Event.BACKOFF_EXPONENTIAL);
        detachUpstream(false); // the failed try's connection (and any rest of its answer) is dropped
        endpointFinished();
        flags = ResponseFlags.NONE;
        backoff = down.channel().eventLoop().schedule(this::retryNow, delay, java.util.concurrent.TimeUnit.NANOSECONDS);
        return true;
    }

    private void retryNow() {
        backoff = null;
        if (!finished) {
            tryUpstream();
        }
    }

    /**
     * Sends the request again on a fresh connection: the same head and the body kept so far; then the
     * end when the client sent it already, else the rest streams on as it arrives (and is kept too).
     */
    private void resendRequest() {
        HttpRequest head = request;
        if (request instanceof FullHttpRequest full) {
            head = new io.netty.handler.codec.http.DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(),
                    full.headers());
            if (!headSent) {
                full.release(); // never written (the first try did not connect): its body is in retryBody
            }
        }
        headSent = true;
        upstream.write(head).addListener(this::onUpstreamWrite);
        if (retryBody != null) {
            retryBody.writeTo(upstream, this::onUpstreamWrite);
        }
        if (requestComplete) {
            upstream.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::onUpstreamWrite);
        } else {
            upstream.flush();
            owner.resume(); // body chunks (or the end) that waited during the back-off follow now
        }
    }

    /** The route's timeout ran out across tries and back-offs. */
    private void onOverallTimeout() {
        overallTimeout = null;
        if (finished || responseStarted) {
            return;
        }
        flags = ResponseFlags.UPSTREAM_TIMEOUT;
        respondLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout", true);
    }

    private void endRetries() {
        if (overallTimeout != null) {
            overallTimeout.cancel();
            overallTimeout = null;
        }
        if (backoff != null) {
            backoff.cancel(false);
            backoff = null;
        }
        if (retryBody != null) {
            retryBody.release();
            retryBody = null;
        }
        if (retryStats != null) {
            retryStats.requestFinished(holdsRetrySlot);
            retryStats = null;
            holdsRetrySlot = false;
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
    }

    private void onTimeout() {
        timeout = null;
        if (finished || responseStarted) {
            return;
        }
        if (retry != null && retry.perTryTimeoutNanos() > 0 && retry.retriesReset() && retryAfterFailedTry()) {
            return;
        }
        flags = ResponseFlags.UPSTREAM_TIMEOUT;
        respondLocally(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout", true);
    }

    private void detachUpstream(boolean reuse) {
        cancelTimeout();
        cancelIdleCheck();
        Channel up = upstream;
        if (up == null) {
            return;
        }
        upstream = null;
        up.config().setAutoRead(true);
        upstreamHandler.detach();
        if (reuse && up.isActive()) {
            pool.release(up);
        } else {
            pool.discard(up);
        }
    }

    private void endpointFinished() {
        if (endpoint != null) {
            endpoint.requestFinished();
            endpoint = null;
        }
    }

    private void finish(boolean closeConnection) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimeout();
        cancelIdleCheck();
        endpointFinished();
        if (retry != null) {
            endRetries();
        }
        releaseLoad();
        record();
        if (!headSent) {
            // the upstream write takes ownership of the request; answered locally or abandoned before
            // that (an HTTP/2 stream reset while connecting), a FullHttpRequest's buffer is still ours
            ReferenceCountUtil.release(request);
        }
        runtime.exchangeFinished();
        owner.exchangeDone(this, closeConnection);
    }

    private void record() {
        long now = System.nanoTime();
        String routeName = route == null ? "none" : route.name();
        String clusterTag = cluster == null ? "none" : clusterName;
        runtime.metrics().requestCompleted(listener.config().name(), routeName, clusterTag, status,
                now - startNanos, requestBytes, responseBytes);
        for (int i = 0; i < filters.size(); i++) {
            filters.get(i).onComplete(filterContext, status);
        }
        if (breaker != null && upstreamStartNanos != 0) {
            recordOutcome(now);
        }
        if (runtime.accessLog().enabled()) {
            long upstreamMillis = upstreamHeadNanos == 0 ? -1 : (upstreamHeadNanos - upstreamStartNanos) / 1_000_000;
            // the start time is derived here, only when a line is written: no clock read per request otherwise
            runtime.accessLog().log(new AccessLogEntry(Instant.now().minusNanos(now - startNanos), listener.config().name(), routeName,
                    cluster == null ? null : clusterName,
                    endpointLabel == null ? null : endpointLabel.toString(),
                    String.valueOf(down.channel().remoteAddress()), request.method().name(), authority,
                    request.uri(), http2 ? "HTTP/2" : clientVersion.text(), status, requestBytes, responseBytes,
                    (now - startNanos) / 1_000_000, upstreamMillis, request.headers().get(HttpHeaderNames.USER_AGENT),
                    request.headers().get(X_REQUEST_ID), flags, details));
        }
    }

    /**
     * Counts a request that went upstream in the cluster's breaker: failed when the client got a status
     * above 499 or none at all (a reset after part of the response counts by its status); a client that
     * left before any answer is not counted (nothing is known of the upstream).
     */
    private void recordOutcome(long now) {
        if (status == 0 && flags.equals(ResponseFlags.DOWNSTREAM_CLOSED)) {
            return;
        }
        long openUntil = breaker.record(now, now - startNanos, status == 0 || status > 499);
        if (openUntil != 0) {
            runtime.metrics().guardStats(clusterName).opened(openUntil);
        }
    }

    /** For the upstream handler: true while this exchange still owns {@code ch}. */
    boolean owns(Channel ch) {
        return upstream == ch;
    }

}
