package io.meshgate.kernel.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JIT's accumulated compile time, the signal that a warm-up has done its job: while the hot path is
 * still being compiled it grows by hundreds of milliseconds per second, and it nearly stops once the
 * path runs compiled code. Not every JVM measures it; then {@link #measurable()} is false.
 */
public final class JitActivity {
    private final CompilationMXBean bean = ManagementFactory.getCompilationMXBean();

    public boolean measurable() {
        return bean != null && bean.isCompilationTimeMonitoringSupported();
    }

    /** Milliseconds the JIT has spent compiling since the JVM started. */
    public long totalMillis() {
        return measurable() ? bean.getTotalCompilationTime() : 0;
    }
}
