package io.meshgate.uitests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Pasted YAML with a validation error: the error names its line and nothing is stored; fixed, it applies. */
@ExtendWith(ConsoleBrowserExtension.class)
class YamlTest {
    /** Line 13 holds the pathType, the value the test makes wrong and then right. */
    private static final String YAML = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: pasted
              namespace: ui-yaml
            spec:
              ingressClassName: pipy
              rules:
              - host: yaml.example
                http:
                  paths:
                  - path: /
                    pathType: %s
                    backend:
                      service:
                        name: web
                        port:
                          number: 80
            """;

    @Test
    void aValidationErrorIsShownWithItsLineThenTheFixedYamlApplies(Console console, MeshgateStack stack) {
        console.signIn(stack.editorToken()).open("yaml");
        console.type("yaml-editor", YAML.formatted("Sideways"));
        console.id("yaml-apply").click();

        assertThat(console.id("yaml-errors")).hasAttribute("data-state", "error");
        assertThat(console.id("yaml-errors")).containsText("line 13");
        assertThat(console.id("yaml-errors")).containsText("pathType");
        assertThat(stack.api().object("ingresses", "ui-yaml", "pasted").status()).isEqualTo(404);

        console.type("yaml-editor", YAML.formatted("Prefix"));
        console.id("yaml-apply").click();
        assertThat(console.id("yaml-errors")).hasAttribute("data-state", "applied");
        assertThat(console.id("yaml-errors")).containsText("Ingress pasted created");

        assertThat(stack.api().object("ingresses", "ui-yaml", "pasted").ok().path("spec").path("rules").path(0)
                .path("http").path("paths").path(0).path("pathType").asText()).isEqualTo("Prefix");
    }
}
