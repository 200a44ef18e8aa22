/**
 * The {@code meshgate} command line ({@link io.meshgate.cli.Main}, picocli): apply, get, delete, patch,
 * create, audit and revert on the admin REST API over java.net.http, with kubectl-style output.
 * Knows the API's wire contract only: no server, database or kernel class is on its runtime classpath.
 */
package io.meshgate.cli;
