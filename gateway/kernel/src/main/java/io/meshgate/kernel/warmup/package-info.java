/**
 * The parts of the kernel's warm-up ({@link io.meshgate.kernel.KernelWarmUp}): the throwaway kernel's config
 * ({@link io.meshgate.kernel.warmup.WarmUpConfig}) with the certificate of its TLS listener
 * ({@link io.meshgate.kernel.warmup.ThrowawayCertificate}), the upstream it proxies to
 * ({@link io.meshgate.kernel.warmup.WarmUpOrigin}), the synthetic client ({@link io.meshgate.kernel.warmup.WarmUpLoad})
 * and the JIT's compile time, the signal that the hot path is compiled ({@link io.meshgate.kernel.warmup.JitActivity}).
 */
package io.meshgate.kernel.warmup;
