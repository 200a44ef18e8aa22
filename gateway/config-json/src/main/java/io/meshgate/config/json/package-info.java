/**
 * {@link io.meshgate.config.ProxyConfig} to and from JSON ({@link io.meshgate.config.json.ProxyConfigJson}):
 * the format of kernel config files, of the admin {@code /config_dump} and of the config the control
 * plane hands each proxy. Jackson only: knows the config records, nothing of the kernel that runs
 * them or of the control plane that builds them.
 */
package io.meshgate.config.json;
