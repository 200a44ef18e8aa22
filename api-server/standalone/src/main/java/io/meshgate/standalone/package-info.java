/**
 * The one-JVM stack of {@code bin/meshgate up}: the database, the admin API and an embedded proxy
 * kernel ({@link io.meshgate.standalone.Standalone}) that follows its config over HTTP like any
 * remote proxy ({@link io.meshgate.standalone.EmbeddedProxy}), plus the admin console
 * ({@link io.meshgate.standalone.MeshgateMain}). Wiring and flags only: the behaviour lives in the
 * modules it starts, and the console reaches the API over loopback HTTP like any client.
 */
package io.meshgate.standalone;
