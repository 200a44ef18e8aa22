package io.meshgate.ca;

/** What an issued certificate may authenticate: its extended key usages. */
public enum CertificateUsage {
    /** TLS server authentication (id-kp-serverAuth). */
    SERVER,
    /** TLS client authentication (id-kp-clientAuth). */
    CLIENT
}
