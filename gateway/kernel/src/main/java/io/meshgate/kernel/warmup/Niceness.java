package io.meshgate.kernel.warmup;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Linux scheduling niceness of the calling thread: read from {@code /proc/thread-self/stat}, raised with
 * {@code setpriority(PRIO_PROCESS, tid, nice)} (on Linux the nice value belongs to a thread, and any thread may
 * lower its own priority without privileges). Best effort: elsewhere, or on a JDK without the foreign function
 * API, nothing changes and {@link #unavailableReason()} says why.
 *
 * <p>The call goes through {@code java.lang.foreign}, final since JDK 22, looked up reflectively because the
 * project compiles for JDK 21, where that API is a preview; the handle itself is an ordinary {@code (int, int,
 * int) int} method handle. The launchers already pass {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class Niceness {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final int PRIO_PROCESS = 0;
    private static final Setter SETTER = Setter.lookUp();

    private Niceness() {
    }

    /** Why niceness cannot be changed here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(SETTER.unavailable());
    }

    /**
     * Sets the calling thread's niceness to {@code nice} (higher is a lower priority; lowering it below the
     * current value needs privileges this process does not ask for). True when the kernel took it.
     */
    public static boolean setForCurrentThread(int nice) {
        if (SETTER.handle() == null) {
            return false;
        }
        OptionalInt tid = currentThreadId();
        if (tid.isEmpty()) {
            return false;
        }
        try {
            return (int) SETTER.handle().invokeExact(PRIO_PROCESS, tid.getAsInt(), nice) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Lowers the calling thread's priority to niceness {@code nice} unless it already runs at that or lower (a
     * process started with {@code nice -n 19} stays there): never raises a priority. True when the thread now
     * runs at {@code nice} or lower.
     */
    public static boolean lowerCurrentThreadTo(int nice) {
        OptionalInt current = ofCurrentThread();
        if (current.isPresent() && current.getAsInt() >= nice) {
            return true;
        }
        return setForCurrentThread(nice);
    }

    /** The calling thread's niceness as the kernel reports it, or empty off Linux. */
    public static OptionalInt ofCurrentThread() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"), StandardCharsets.US_ASCII);
            // after "pid (comm) ": state is field 3, nice field 19; comm may hold spaces, hence the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalInt.of(Integer.parseInt(fields[19 - 3]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The kernel's id of the calling thread: {@code /proc/thread-self} links to {@code PID/task/TID}. */
    private static OptionalInt currentThreadId() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readSymbolicLink(THREAD_SELF).getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** A downcall handle to libc's {@code setpriority}, or why there is none. */
    private record Setter(MethodHandle handle, String unavailable) {
        static Setter lookUp() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return new Setter(null, "not Linux");
            }
            if (Runtime.version().feature() < 22) {
                return new Setter(null, "the JDK's foreign function API is final from JDK 22 on, this is "
                        + Runtime.version().feature());
            }
            try {
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
                Object libc = linkerClass.getMethod("defaultLookup").invoke(linker);
                Optional<?> symbol = (Optional<?>) lookupClass.getMethod("find", String.class).invoke(libc, "setpriority");
                if (symbol.isEmpty()) {
                    return new Setter(null, "no setpriority in the C library");
                }
                Object javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
                Object arguments = Array.newInstance(layoutClass, 3);
                for (int i = 0; i < 3; i++) {
                    Array.set(arguments, i, javaInt);
                }
                Object descriptor = descriptorClass.getMethod("of", layoutClass, arguments.getClass())
                        .invoke(null, javaInt, arguments);
                Object noOptions = Array.newInstance(optionClass, 0);
                MethodHandle handle = (MethodHandle) linkerClass
                        .getMethod("downcallHandle", segmentClass, descriptorClass, noOptions.getClass())
                        .invoke(linker, symbol.get(), descriptor, noOptions);
                return new Setter(handle, null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return new Setter(null, "no downcall to setpriority: " + cause);
            }
        }
    }
}
