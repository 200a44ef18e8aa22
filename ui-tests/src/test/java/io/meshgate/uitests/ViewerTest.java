package io.meshgate.uitests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A viewer can look at everything and change nothing: no edit, apply or restore controls, and the API refuses anyway. */
@ExtendWith(ConsoleBrowserExtension.class)
class ViewerTest {

    @Test
    void aViewerSeesNoEditApplyOrRestoreControls(Console console, MeshgateStack stack) {
        stack.api().apply(Fixtures.ingress("ui-viewer", "web", "viewer.example", "/app", "web", 80, "/"));
        long createdId = stack.api().get("/api/v1/audit?kind=Ingress&namespace=ui-viewer&name=web").ok()
                .path("items").path(0).path("id").asLong();

        console.signIn(stack.viewerToken());
        assertThat(console.id("current-user")).containsText("viewer");

        console.open("ingress");
        assertThat(console.id("ingress-grid")).containsText("ui-viewer/web");
        assertThat(console.id("ingress-new")).isHidden();

        console.open("ingress/edit?ns=ui-viewer&name=web");
        assertThat(console.field("rule-0-host")).hasValue("viewer.example");
        for (String button : new String[] {"ingress-save", "ingress-validate", "ingress-delete", "ingress-add-rule"}) {
            assertThat(console.id(button)).isHidden();
        }
        assertThat(console.id("rewrite-to")).hasAttribute("readonly", "");
        assertThat(console.id("rule-0-host")).hasAttribute("readonly", "");

        console.open("yaml?kind=Ingress&object-ns=ui-viewer&name=web");
        assertThat(console.field("yaml-editor")).hasValue(Pattern.compile("host: viewer\\.example"));
        assertThat(console.id("yaml-apply")).isHidden();
        assertThat(console.id("yaml-validate")).isHidden();
        assertThat(console.id("yaml-editor")).hasAttribute("readonly", "");

        console.open("audit?kind=Ingress&ns=ui-viewer&name=web&id=" + createdId);
        assertThat(console.id("audit-diff")).containsText("viewer.example");
        assertThat(console.id("audit-restore")).hasCount(0);

        // hidden buttons are a courtesy: the API is what refuses
        RestApi asViewer = stack.api().as(stack.viewerToken());
        assertThat(asViewer.post("/api/v1/apply", "application/yaml",
                Fixtures.ingress("ui-viewer", "web", "changed.example", "/app", "web", 80, "/")).status()).isEqualTo(403);
        assertThat(asViewer.post("/api/v1/audit/" + createdId + "/revert", "application/json", "").status()).isEqualTo(403);
        assertThat(stack.api().object("ingresses", "ui-viewer", "web").ok().path("spec").path("rules").path(0)
                .path("host").asText()).isEqualTo("viewer.example");
    }
}
