package io.meshgate.uitests;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Canary weights: the sliders of a TrafficSplit move in steps of 5 and stay linked to a sum of 100;
 * Apply asks for confirmation and the API then holds the new weights. Ids from the canary screen:
 * {@code split-weight-<backend>}, {@code split-apply}, {@code split-confirm}, {@code split-saved};
 * route {@code canary/split?ns=&name=}.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class CanaryTest {

    @Test
    void slidersMoveInStepsOfFiveStayAtOneHundredAndAreAppliedAfterConfirmation(Console console, MeshgateStack stack) {
        stack.api().apply("""
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata:
                  name: shop
                  namespace: ui-canary
                spec:
                  service: shop
                  backends:
                  - service: shop-v1
                    weight: 90
                  - service: shop-v2
                    weight: 10
                """);

        console.signIn(stack.editorToken()).open("canary/split?ns=ui-canary&name=shop");
        Locator v1 = slider(console, "shop-v1");
        Locator v2 = slider(console, "shop-v2");
        assertThat(v1).hasValue("90");
        assertThat(v2).hasValue("10");

        // four steps right on v2: 10 -> 30, and v1 follows to keep the sum at 100
        press(console, v2, "ArrowRight", 4);
        assertThat(v2).hasValue("30");
        assertThat(v1).hasValue("70");
        // two steps left on v1: 70 -> 60, v2 follows to 40
        press(console, v1, "ArrowLeft", 2);
        assertThat(v1).hasValue("60");
        assertThat(v2).hasValue("40");

        // nothing is sent before the confirmation
        assertThat(weights(stack)).containsExactly(Map.entry("shop-v1", 90L), Map.entry("shop-v2", 10L));
        console.id("split-apply").click();
        console.id("split-confirm").click();
        assertThat(console.id("split-saved")).containsText("Applied and read back");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(weights(stack)).containsExactly(Map.entry("shop-v1", 60L), Map.entry("shop-v2", 40L)));
    }

    /** The native range input inside the slider with the stable id. */
    private static Locator slider(Console console, String backend) {
        return console.id("split-weight-" + backend).locator("input[type=range]");
    }

    /** Moves a slider by keyboard, one step at a time, letting the server rebalance after each. */
    private static void press(Console console, Locator slider, String key, int times) {
        slider.focus();
        for (int i = 0; i < times; i++) {
            slider.press(key);
            console.waitForVaadin();
        }
    }

    private static Map<String, Long> weights(MeshgateStack stack) {
        JsonNode split = stack.api().object("trafficsplits", "ui-canary", "shop").ok();
        Map<String, Long> weights = new LinkedHashMap<>();
        split.path("spec").path("backends").forEach(b -> weights.put(b.path("service").asText(), b.path("weight").asLong()));
        return weights;
    }
}
