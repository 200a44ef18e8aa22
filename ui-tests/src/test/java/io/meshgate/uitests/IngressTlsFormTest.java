package io.meshgate.uitests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The Ingress form's TLS rows: several entries saved as typed, advice while typing, removal. */
@ExtendWith(ConsoleBrowserExtension.class)
class IngressTlsFormTest {
    @Test
    void severalTlsEntriesAreEditedRemovedAndSaved(Console console, MeshgateStack stack) {
        console.signIn(stack.editorToken()).open("ingress/edit");
        console.type("ingress-namespace", "ui-tls");
        console.type("ingress-name", "shop");
        console.type("ingress-class", "pipy");
        console.type("rule-0-host", "a.example.com");
        console.type("rule-0-service", "web");
        console.type("rule-0-port", "80");
        console.type("tls-hosts", "a.example.com");
        console.type("tls-secret", "a-tls");
        console.id("tls-add").click();
        console.type("tls-hosts-1", "b.example.com");

        // b.example.com has no rule and the second row no Secret yet: advice, not errors
        assertThat(helperOf(console, "tls-hosts-1")).containsText("not a host of any rule: b.example.com");
        assertThat(helperOf(console, "tls-secret-1")).containsText("no Secret");
        assertThat(helperOf(console, "tls-hosts")).not().containsText("Warning");

        console.id("ingress-add-rule").click();
        console.type("rule-1-host", "b.example.com");
        console.type("rule-1-service", "web");
        console.type("rule-1-port", "80");
        console.type("tls-secret-1", "b-tls");
        assertThat(helperOf(console, "tls-hosts-1")).not().containsText("Warning");
        assertThat(helperOf(console, "tls-secret-1")).not().containsText("Warning");

        // a third row, then remove the first: the rows below move up and keep their values
        console.id("tls-add").click();
        console.type("tls-hosts-2", "a.example.com");
        console.type("tls-secret-2", "a2-tls");
        console.id("tls-remove-0").click();
        console.waitForVaadin();
        assertThat(console.field("tls-hosts")).hasValue("b.example.com");
        assertThat(console.field("tls-secret-1")).hasValue("a2-tls");
        assertThat(console.id("tls-hosts-2")).hasCount(0);

        console.id("ingress-save").click();
        assertThat(console.id("ingress-saved")).containsText("Saved and read back from the API");
        JsonNode tls = stack.api().object("ingresses", "ui-tls", "shop").ok().path("spec").path("tls");
        assertThat(tls).hasSize(2);
        assertThat(tls.get(0).path("hosts").get(0).asText()).isEqualTo("b.example.com");
        assertThat(tls.get(0).path("secretName").asText()).isEqualTo("b-tls");
        assertThat(tls.get(1).path("secretName").asText()).isEqualTo("a2-tls");

        // a fresh form shows every stored entry
        console.open("ingress/edit?ns=ui-tls&name=shop");
        assertThat(console.field("tls-secret")).hasValue("b-tls");
        assertThat(console.field("tls-hosts-1")).hasValue("a.example.com");
        assertThat(console.field("tls-secret-1")).hasValue("a2-tls");
    }

    private static com.microsoft.playwright.Locator helperOf(Console console, String id) {
        return console.page().locator("#" + id + " > [slot=helper]");
    }
}
