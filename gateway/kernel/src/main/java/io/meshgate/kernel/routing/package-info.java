/**
 * The compiled route table of an HTTP listener ({@link io.meshgate.kernel.routing.Router}): virtual host
 * by request host, then the first route whose path, method and headers match, then a cluster chosen by
 * weight. It builds each route's filters but knows nothing of connections, upstream pools or TLS; it
 * matches canonical paths and leaves canonicalising them to {@code path}.
 */
package io.meshgate.kernel.routing;
