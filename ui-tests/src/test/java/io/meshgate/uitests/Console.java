package io.meshgate.uitests;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ScreenshotAnimations;
import com.microsoft.playwright.options.ViewportSize;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The console as a test sees it: a page plus the few gestures Vaadin components need (their
 * {@code <input>} sits inside the element carrying the stable id), each waiting on a condition.
 */
public final class Console implements AutoCloseable {
    /**
     * True while no Vaadin client has a request in flight: the server has answered the last
     * gesture and the DOM holds its result. (The same check Vaadin's own test tools use.)
     */
    private static final String VAADIN_IDLE = """
            () => !!(window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients)
                && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive || !c.isActive())""";

    /** The height the page needs to show the app layout's content area without scrolling. */
    private static final String CONTENT_HEIGHT = """
            () => {
              const layout = document.querySelector('vaadin-app-layout');
              const content = layout && layout.shadowRoot && layout.shadowRoot.querySelector('[part~="content"], [content]');
              return content ? Math.ceil(content.getBoundingClientRect().top + content.scrollHeight)
                             : document.documentElement.scrollHeight;
            }""";
    /** Caps a runaway page (a grid with thousands of rows) to a sane picture. */
    private static final int MAX_SHOT_HEIGHT = 4000;

    private final Page page;
    private final MeshgateStack stack;

    Console(Page page, MeshgateStack stack) {
        this.page = page;
        this.stack = stack;
    }

    public Page page() {
        return page;
    }

    /** Another window with its own cookies (its own session), e.g. a viewer next to an editor. Close it. */
    public Console newWindow(int width, int height) {
        return ConsoleBrowserExtension.open(page.context().browser(), stack, width, height);
    }

    /** Opens the console at a route (relative to its root, e.g. {@code audit?kind=Ingress}). */
    public Console open(String route) {
        page.navigate(route);
        waitForVaadin();
        return this;
    }

    /** Signs in with a token and waits until the layout knows who is signed in. */
    public Console signIn(String token) {
        open("sign-in");
        field("signin-token").fill(token);
        page.locator("#signin-submit").click();
        // attached, not visible: narrow windows hide the user's name in the header
        assertThat(page.locator("#current-user")).isAttached();
        waitForVaadin();
        return this;
    }

    /** Waits until the server answered every request the page sent. */
    public void waitForVaadin() {
        page.waitForFunction(VAADIN_IDLE);
    }

    /** An element by its stable id. */
    public Locator id(String id) {
        return page.locator("#" + id);
    }

    /** The native input or textarea inside a Vaadin field with this id. */
    public Locator field(String id) {
        return page.locator("#" + id).locator("input, textarea").first();
    }

    /** Types into a Vaadin text field and leaves it, so the value reaches the server. */
    public void type(String id, String value) {
        Locator input = field(id);
        input.fill(value);
        input.press("Tab");
        waitForVaadin();
    }

    /** Picks an item of a vaadin-select by its label. */
    public void choose(String selectId, String label) {
        id(selectId).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(label).setExact(true)).click();
        assertThat(id(selectId)).containsText(label);
        waitForVaadin();
    }

    /** The error message a Vaadin field shows (empty when valid). */
    public Locator errorOf(String id) {
        return page.locator("#" + id + " > [slot=error-message]");
    }

    /**
     * The shown notifications (Notices) of a tone ({@code success} or {@code error}) containing a
     * text. The card, not the {@code vaadin-notification} element, holds the text.
     */
    public Locator notice(String tone, String text) {
        return page.locator("vaadin-notification-card[theme~='" + tone + "']")
                .filter(new Locator.FilterOptions().setHasText(text));
    }

    /**
     * A full-page PNG. The app layout scrolls its content area, not the document, so the window is
     * made as tall as that content for the shot (and set back afterwards); Vaadin's loading bar and
     * animations are left out so the picture shows the settled screen.
     */
    public void screenshot(Path file) {
        ViewportSize before = page.viewportSize();
        int contentHeight = ((Number) page.evaluate(CONTENT_HEIGHT)).intValue();
        boolean grow = before != null && contentHeight > before.height;
        if (grow) {
            page.setViewportSize(before.width, Math.min(contentHeight, MAX_SHOT_HEIGHT));
        }
        try {
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true)
                    .setAnimations(ScreenshotAnimations.DISABLED)
                    .setStyle(".v-loading-indicator { display: none !important; }"));
        } finally {
            if (grow) {
                page.setViewportSize(before.width, before.height);
            }
        }
    }

    @Override
    public void close() {
        page.context().close();
    }
}
