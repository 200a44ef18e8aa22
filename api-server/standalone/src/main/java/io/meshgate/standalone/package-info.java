/**
 * The one-JVM stack of {@code bin/meshgate up}: the database, the admin API and an embedded proxy
 * kernel ({@link io.meshgate.standalone.Standalone}) that follows its config over HTTP like any
 * remote proxy ({@link io.meshgate.standalone.EmbeddedProxy}), plus the admin console
 * ({@link io.meshgate.standalone.MeshgateMain}). Wiring and flags only: the behaviour lives in the
 * modules it starts, and the console reaches the API over loopback like any client. Beyond
 * loopback the API serves HTTPS with a mesh-CA certificate by default ({@code --api-tls},
 * {@code --api-tls-cert/--api-tls-key}, {@code --insecure-allow-plaintext}; see the flags section of
 * {@code api-server/README.md}), and the embedded proxy and console trust that CA.
 */
package io.meshgate.standalone;
