/**
 * How a Meshgate process logs: {@link io.meshgate.proxy.logging.LogSetup} configures
 * java.util.logging (the backend of System.Logger and, via slf4j-jdk14, of SLF4J) once per process,
 * with {@link io.meshgate.proxy.logging.OneLineFormatter}'s one line per record. Code logs through
 * System.Logger and never sees this package; it knows nothing of what a process runs.
 */
package io.meshgate.proxy.logging;
