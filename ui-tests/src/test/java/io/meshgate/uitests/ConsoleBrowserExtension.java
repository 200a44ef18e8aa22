package io.meshgate.uitests;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * Gives each browser test a real Meshgate and a fresh browser context (its own cookies, so its own
 * console session) on a 1280x800 viewport. Test methods take any of {@link Console},
 * {@link MeshgateStack}, {@link EchoBackend} or {@link Page} as parameters. The stack, the echo
 * backend and chromium start once per run ({@link BrowserRun}); a failed test leaves a screenshot
 * in {@code target/screenshots/failures/}.
 */
public final class ConsoleBrowserExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ConsoleBrowserExtension.class);
    /** Generous: Vaadin round-trips on a loaded 2-core machine. Waits end as soon as the condition holds. */
    static final double TIMEOUT_MS = 30_000;

    static {
        PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        run(context);
    }

    /** The shared run, started by the first test class that needs it and closed when JUnit finishes. */
    private static BrowserRun run(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(BrowserRun.class, k -> BrowserRun.start(), BrowserRun.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        BrowserRun run = run(context);
        Console console = open(run.browser, run.stack, 1280, 800);
        context.getStore(NS).put(Console.class, console);
    }

    /** A new context (no shared cookies) with one page on the console at the given viewport. */
    static Console open(Browser browser, MeshgateStack stack, int width, int height) {
        BrowserContext browserContext = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(stack.consoleUrl().toString())
                .setViewportSize(width, height)
                .setLocale("en-US")
                .setTimezoneId("UTC"));
        browserContext.setDefaultTimeout(TIMEOUT_MS);
        browserContext.setDefaultNavigationTimeout(TIMEOUT_MS);
        return new Console(browserContext.newPage(), stack);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Console console = context.getStore(NS).remove(Console.class, Console.class);
        if (console == null) {
            return;
        }
        try {
            if (context.getExecutionException().isPresent()) {
                Path file = BrowserRun.SCREENSHOTS.resolve("failures")
                        .resolve(context.getRequiredTestClass().getSimpleName() + "-"
                                + context.getRequiredTestMethod().getName() + ".png");
                console.screenshot(file);
            }
        } finally {
            console.page().context().close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Console.class || type == MeshgateStack.class || type == EchoBackend.class || type == Page.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        BrowserRun run = run(context);
        if (type == MeshgateStack.class) {
            return run.stack;
        }
        if (type == EchoBackend.class) {
            return run.backend;
        }
        Console console = context.getStore(NS).get(Console.class, Console.class);
        if (console == null) {
            throw new ParameterResolutionException(type.getSimpleName() + " is only available in test methods");
        }
        return type == Page.class ? console.page() : console;
    }
}
