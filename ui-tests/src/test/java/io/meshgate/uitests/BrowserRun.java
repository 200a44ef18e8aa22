package io.meshgate.uitests;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every browser test shares for the whole run, because starting it is the slow part: one
 * Meshgate stack in a temporary data directory, one echo backend and one headless chromium.
 * Tests stay independent by using objects of their own names and a fresh browser context each.
 */
final class BrowserRun implements AutoCloseable {
    /** chromium is Debian's, never a downloaded one (property set by the module's pom). */
    static final Path CHROMIUM = Path.of(System.getProperty("ui-tests.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("ui-tests.screenshots", "target/screenshots"));

    final Path dataDir;
    final EchoBackend backend;
    final MeshgateStack stack;
    final Playwright playwright;
    final Browser browser;

    private BrowserRun() throws IOException {
        requireChromium();
        dataDir = Files.createTempDirectory("meshgate-ui-tests");
        backend = EchoBackend.start();
        MeshgateStack startedStack = null;
        Playwright startedPlaywright = null;
        try {
            startedStack = MeshgateStack.start(dataDir.resolve("data"));
            startedPlaywright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = startedPlaywright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    // no sandbox (containers run as root); no GPU; /dev/shm is small in containers
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
        } catch (RuntimeException e) {
            if (startedPlaywright != null) {
                startedPlaywright.close();
            }
            if (startedStack != null) {
                startedStack.close();
            }
            backend.close();
            deleteTree(dataDir);
            throw e;
        }
        stack = startedStack;
        playwright = startedPlaywright;
    }

    static BrowserRun start() {
        try {
            return new BrowserRun();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A missing browser is a failure, not a skip: CI must not go green without running these tests. */
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("The browser tests need chromium at " + CHROMIUM
                    + ", which is missing. Install it with `bin/test-deps` as root (apt-get install chromium),"
                    + " point -Dui-tests.chromium=PATH at another chromium, or leave these tests out with"
                    + " -Dui-tests.skip=true.");
        }
    }

    @Override
    public void close() {
        // each step runs even when an earlier one failed: a stuck browser must not leave the stack running
        try {
            playwright.close(); // closes the browser with it
        } finally {
            try {
                stack.close();
            } finally {
                backend.close();
                deleteTree(dataDir);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is not worth failing a run for
        }
    }
}
