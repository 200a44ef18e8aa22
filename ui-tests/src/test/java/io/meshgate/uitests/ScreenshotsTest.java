package io.meshgate.uitests;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full-page screenshot of every screen the side navigation offers, at 1280x800, plus the sign-in
 * page, the Ingress form and the Overview on a narrow (420x800) window:
 * {@code target/screenshots/<screen>.png} ({@code <screen>} is the id after {@code nav-}). Each
 * screen is reached by clicking its navigation entry, so a screen that fails to open fails here.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class ScreenshotsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void everyScreenInTheNavigationAndTheNarrowOverview(Console console, MeshgateStack stack, EchoBackend backend)
            throws IOException {
        // something to show on the lists
        Fixtures.echoService(stack.api(), "ui-shots", "web", 80, backend);
        stack.api().apply(Fixtures.ingress("ui-shots", "web", "shop.example", "/shop", "web", 80, "/"));
        Path dir = BrowserRun.SCREENSHOTS;
        List<Path> taken = new ArrayList<>();

        console.open("sign-in");
        taken.add(shot(console, dir, "sign-in"));

        console.signIn(stack.editorToken());
        Map<String, String> screens = navigationEntries(console);
        assertThat(screens).containsKeys("overview", "ingress", "yaml", "audit");
        for (Map.Entry<String, String> screen : screens.entrySet()) {
            Locator entry = console.id("nav-" + screen.getKey());
            entry.click();
            String route = "/" + screen.getValue();
            console.page().waitForURL(url -> URI.create(url).getPath().equals(route));
            assertThat(entry).hasAttribute("current", "");
            taken.add(shot(console, dir, screen.getKey()));
        }

        // one detail screen the navigation leads to through a list: the Ingress form
        console.open("ingress/edit?ns=ui-shots&name=web");
        assertThat(console.field("rule-0-host")).hasValue("shop.example");
        taken.add(shot(console, dir, "ingress-edit"));

        try (Console narrow = console.newWindow(420, 800)) {
            narrow.signIn(stack.editorToken()).open("");
            assertThat(narrow.id("overview-counts")).isVisible();
            // on a narrow window the navigation folds into the drawer toggle
            assertThat(narrow.id("nav-toggle")).isVisible();
            taken.add(shot(narrow, dir, "overview-narrow"));
        }

        for (Path png : taken) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as(png.toString()).isGreaterThan(5_000);
            assertThat(Arrays.copyOf(bytes, 4)).as(png.toString()).isEqualTo(PNG_SIGNATURE);
        }
    }

    /** Screen name (the id after {@code nav-}) to route, in navigation order. */
    private static Map<String, String> navigationEntries(Console console) {
        Locator items = console.page().locator("#nav vaadin-side-nav-item[id^='nav-']");
        assertThat(items.first()).isVisible();
        Map<String, String> screens = new LinkedHashMap<>();
        for (Locator item : items.all()) {
            String path = item.getAttribute("path");
            // routes relative to the console root: the Overview's is "" (written "/" or "")
            String route = path == null ? "" : path.replaceFirst("^/", "");
            screens.put(item.getAttribute("id").substring("nav-".length()), route);
        }
        return screens;
    }

    private static Path shot(Console console, Path dir, String name) {
        console.waitForVaadin();
        Path file = dir.resolve(name + ".png");
        console.screenshot(file);
        return file;
    }
}
