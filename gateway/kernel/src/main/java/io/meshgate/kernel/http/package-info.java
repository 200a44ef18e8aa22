/**
 * The HTTP proxy on a downstream connection: HTTP/1.1 and HTTP/2 pipelines, the request guard, one
 * {@code Exchange} per request (route, filters, upstream, streaming with backpressure), WebSocket tunnels
 * and local answers. It runs on an {@link io.meshgate.kernel.http.HttpRuntime} and knows nothing of how
 * listeners are bound or how a config is compiled and swapped ({@code runtime}).
 */
package io.meshgate.kernel.http;
