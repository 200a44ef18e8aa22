/**
 * What the console shows of certificates and Secrets: names, validity and how urgently a
 * certificate needs renewing, read with the JDK's CertificateFactory from what the API answered.
 * Plain functions: no Vaadin, no HTTP; a Secret's values show as sizes, never as their content.
 */
package io.meshgate.console.certs;
