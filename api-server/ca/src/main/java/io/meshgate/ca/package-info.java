/**
 * The control plane's certificate authority: a self-signed ECDSA P-256 root kept as PEM files
 * ({@link io.meshgate.ca.CertificateAuthority}), certificates issued with fresh keys
 * ({@link io.meshgate.ca.IssueRequest} to {@link io.meshgate.ca.IssuedCertificate}), certificate
 * signing requests signed after policy checks ({@link io.meshgate.ca.SignedCertificate}), and
 * {@link io.meshgate.ca.CertificateInfo} to show what a PEM certificate holds. Pure Java on
 * BouncyCastle's builders and the JDK's crypto providers; no server, database or logging framework.
 */
package io.meshgate.ca;
