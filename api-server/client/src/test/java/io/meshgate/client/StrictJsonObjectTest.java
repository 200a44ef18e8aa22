package io.meshgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonObjectTest {

    @Test
    void readsEveryKindOfValueInDocumentOrder() {
        StrictJsonObject root = StrictJsonObject.parse("""
                {"proxy":"sidecar.demo.pod-1","n":42,"big":123456789012345678901234567890,"f":1.5,
                 "yes":true,"no":false,"none":null,"spec":{"traffic":{"ports":[22,"5432",null]}}}""");

        assertThat(root.names()).containsExactly("proxy", "n", "big", "f", "yes", "no", "none", "spec");
        assertThat(root.string("proxy")).hasValue("sidecar.demo.pod-1");
        assertThat(root.get("n")).isEqualTo(42L);
        assertThat(root.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(root.get("f")).isEqualTo(new BigDecimal("1.5"));
        assertThat(root.get("yes")).isEqualTo(true);
        assertThat(root.get("no")).isEqualTo(false);
        assertThat(root.get("none")).isNull();
        StrictJsonObject traffic = root.object("spec").orElseThrow().object("traffic").orElseThrow();
        assertThat(traffic.path()).isEqualTo("spec.traffic");
        assertThat(traffic.path("ports")).isEqualTo("spec.traffic.ports");
        assertThat(traffic.array("ports")).isEqualTo(Arrays.asList(22L, "5432", null));
    }

    @Test
    void absentAndNullFieldsAreEmpty() {
        StrictJsonObject root = StrictJsonObject.parse("{\"none\":null}");

        assertThat(root.string("none")).isEmpty();
        assertThat(root.string("missing")).isEmpty();
        assertThat(root.object("none")).isEmpty();
        assertThat(root.array("missing")).isEmpty();
    }

    @Test
    void aFieldOfAnotherTypeIsNamedWithItsPath() {
        StrictJsonObject root = StrictJsonObject.parse("{\"token\":7,\"spec\":{\"traffic\":{\"list\":\"22\",\"items\":[{\"a\":[]}]}}}");

        assertThatThrownBy(() -> root.string("token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token must be a string, not a number");
        StrictJsonObject traffic = root.object("spec").orElseThrow().object("traffic").orElseThrow();
        assertThatThrownBy(() -> traffic.array("list")).hasMessage("spec.traffic.list must be an array, not a string");
        assertThatThrownBy(() -> root.object("token")).hasMessage("token must be an object, not a number");
        StrictJsonObject item = (StrictJsonObject) traffic.array("items").getFirst();
        assertThatThrownBy(() -> item.string("a")).hasMessage("spec.traffic.items[0].a must be a string, not an array");
    }

    @Test
    void refusesWhatIsNotExactlyOneObject() {
        assertThatThrownBy(() -> StrictJsonObject.parse("")).hasMessage("not JSON: the text is empty");
        assertThatThrownBy(() -> StrictJsonObject.parse("  ")).hasMessage("not JSON: the text is empty");
        assertThatThrownBy(() -> StrictJsonObject.parse("[1]")).hasMessage("not a JSON object but an array");
        assertThatThrownBy(() -> StrictJsonObject.parse("\"token\"")).hasMessage("not a JSON object but a string");
        assertThatThrownBy(() -> StrictJsonObject.parse("null")).hasMessage("not a JSON object but null");
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"a\":1}{\"a\":2}"))
                .hasMessage("not one JSON object: more follows it (line 1, column 8)");
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"a\":1} x")).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> StrictJsonObject.parse("starting")).hasMessageStartingWith("not JSON: ")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"a\":[1,2")).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"a\":1")).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> StrictJsonObject.parse("{'a':1}")).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"a\":NaN}")).hasMessageStartingWith("not JSON: ");
    }

    @Test
    void refusesAFieldNamedTwice() {
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"token\":\"a\",\"token\":\"b\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not strict JSON: token appears twice (line 1, column 14)");
        assertThatThrownBy(() -> StrictJsonObject.parse("{\"spec\":{\"x\":1,\"x\":1}}"))
                .hasMessage("not strict JSON: spec.x appears twice (line 1, column 16)");
        // the same name in different objects is fine
        assertThat(StrictJsonObject.parse("{\"x\":{\"x\":1}}").object("x").orElseThrow().get("x")).isEqualTo(1L);
    }

    @Test
    void refusesTooLongAndTooDeepTexts() {
        String longText = "{\"a\":\"" + "x".repeat(StrictJsonObject.MAX_CHARS) + "\"}";
        assertThatThrownBy(() -> StrictJsonObject.parse(longText))
                .hasMessage("longer than " + StrictJsonObject.MAX_CHARS + " characters (" + longText.length() + ")");

        String deep = "{\"a\":".repeat(StrictJsonObject.MAX_DEPTH + 1) + "1" + "}".repeat(StrictJsonObject.MAX_DEPTH + 1);
        assertThatThrownBy(() -> StrictJsonObject.parse(deep)).hasMessageStartingWith("too large for a proxy to read: ")
                .hasMessageContaining("nesting depth");
        String deepEnough = "{\"a\":".repeat(StrictJsonObject.MAX_DEPTH) + "1" + "}".repeat(StrictJsonObject.MAX_DEPTH);
        assertThat(StrictJsonObject.parse(deepEnough).names()).containsExactly("a");
    }

    @Test
    void describesValues() {
        assertThat(List.of("x", 1L, true, List.of(), StrictJsonObject.parse("{}")))
                .extracting(StrictJsonObject::describe)
                .containsExactly("a string", "a number", "a boolean", "an array", "an object");
        assertThat(StrictJsonObject.describe(null)).isEqualTo("null");
    }
}
