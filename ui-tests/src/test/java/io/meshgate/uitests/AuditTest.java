package io.meshgate.uitests;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A change made in the console shows up in the audit history with its diff; restore puts the old state back. */
@ExtendWith(ConsoleBrowserExtension.class)
class AuditTest {
    private static final String REWRITE_TO = "pipy.ingress.kubernetes.io/rewrite-target-to";

    @Test
    void theAuditShowsTheChangeWithItsDiffAndRestoreBringsTheOldStateBack(Console console, MeshgateStack stack) {
        stack.api().apply(Fixtures.ingress("ui-audit", "web", "audit.example", "/app", "web", 80, "/old/"));

        console.signIn(stack.editorToken()).open("ingress/edit?ns=ui-audit&name=web");
        assertThat(console.field("rewrite-to")).hasValue("/old/");
        console.type("rewrite-to", "/new/");
        console.id("ingress-save").click();
        assertThat(console.id("ingress-saved")).containsText("Saved and read back from the API");
        assertThat(rewriteTo(stack)).isEqualTo("/new/");

        console.open("audit?kind=Ingress&ns=ui-audit&name=web");
        Locator update = console.id("audit-grid").locator("vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(Pattern.compile("^update$")));
        assertThat(update).hasCount(1);
        update.click();
        assertThat(console.page()).hasURL(Pattern.compile(".*[?&]id=\\d+.*"));
        assertThat(console.id("audit-detail")).containsText("ui-tests-editor");
        // side by side: the old value removed on the left, the new one added on the right
        assertThat(console.page().locator("#audit-before .line.removed")
                .filter(new Locator.FilterOptions().setHasText("/old/"))).hasCount(1);
        assertThat(console.page().locator("#audit-after .line.added")
                .filter(new Locator.FilterOptions().setHasText("/new/"))).hasCount(1);

        console.id("audit-restore").click();
        assertThat(console.id("audit-restore-dialog")).isAttached();
        console.id("audit-restore-confirm").click();
        assertThat(console.notice("success", "Restored")).isVisible();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rewriteTo(stack)).isEqualTo("/old/"));
        assertThat(stack.api().get("/api/v1/audit?kind=Ingress&namespace=ui-audit&name=web&verb=revert").ok()
                .path("items").path(0).path("actor").asText()).isEqualTo("ui-tests-editor");
    }

    private static String rewriteTo(MeshgateStack stack) {
        return stack.api().object("ingresses", "ui-audit", "web").ok().path("metadata").path("annotations")
                .path(REWRITE_TO).asText();
    }
}
