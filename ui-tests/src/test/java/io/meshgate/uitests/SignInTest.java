package io.meshgate.uitests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Sign-in with an API token, a refused token, sign-out. */
@ExtendWith(ConsoleBrowserExtension.class)
class SignInTest {

    @Test
    void signsInWithATokenAndSignsOut(Console console, MeshgateStack stack) {
        console.signIn(stack.editorToken());
        assertThat(console.id("current-user")).containsText("ui-tests-editor");
        assertThat(console.id("nav")).isVisible();

        console.id("sign-out").click();
        assertThat(console.page()).hasURL(Pattern.compile(".*/sign-in$"));
        assertThat(console.id("signin-token")).isVisible();

        // the session is gone: a view opened now shows the sign-in form instead (the URL is kept)
        console.open("ingress");
        assertThat(console.id("signin-token")).isVisible();
        assertThat(console.id("current-user")).hasCount(0);
        assertThat(console.id("ingress-grid")).hasCount(0);
    }

    @Test
    void aWrongTokenIsRefusedWithAMessage(Console console) {
        console.open("sign-in");
        console.field("signin-token").fill("not-a-meshgate-token");
        console.id("signin-submit").click();

        assertThat(console.errorOf("signin-token")).containsText("The API does not know this token");
        assertThat(console.id("signin-token")).hasAttribute("invalid", "");
        assertThat(console.id("current-user")).hasCount(0);
        assertThat(console.page()).hasURL(Pattern.compile(".*/sign-in$"));
    }
}
