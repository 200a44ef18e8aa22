/**
 * The PEM form of the certificates and private keys a config carries, read with the JDK alone
 * ({@link io.meshgate.config.pem.Pem}): the one reader the kernel loads them with and the
 * translators check them with, so "the translator accepts it" and "the gateway loads it" agree.
 * Knows nothing of Netty, TLS engines or where the PEM came from.
 */
package io.meshgate.config.pem;
