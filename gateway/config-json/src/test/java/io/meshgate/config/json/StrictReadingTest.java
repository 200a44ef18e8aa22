package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.ProxyConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strictness rules of reading, one broken value at a time, each error naming the place in the config
 * and in the text (line and column of the whole document, also for parts parsed on their own).
 */
class StrictReadingTest {
    private static final String PRETTY = ProxyConfigJson.write(WireSamples.everything(), false);

    @Test
    void aTypeAfterOtherPropertiesReadsTheSame() {
        Object tree = JsonTree.parse(PRETTY);
        moveTypeLast(JsonTree.object(tree, "listeners", 2));
        moveTypeLast(JsonTree.object(tree, "listeners", 0, "virtualHosts", 0, "routes", 0, "filters", 6));
        moveTypeLast(JsonTree.object(tree, "listeners", 0));

        assertThat(ProxyConfigJson.read(JsonTree.write(tree))).isEqualTo(WireSamples.everything());
    }

    @Test
    void aTypeAfterOtherPropertiesStillRefusesUnknownOnesWithTheirPlace() {
        Object tree = JsonTree.parse(PRETTY);
        Map<String, Object> tcp = JsonTree.object(tree, "listeners", 2);
        moveTypeLast(tcp);
        tcp.put("colour", "blue");
        String json = JsonTree.write(tree);

        assertThatThrownBy(() -> ProxyConfigJson.read(json))
                .hasMessageContaining("at listeners[2].colour (line 1, column " + (json.indexOf("\"colour\"") + 1) + ")")
                .hasMessageContaining("unknown property \"colour\"");
    }

    @Test
    void aMissingTypeListsTheKnownOnes() {
        Object tree = JsonTree.parse(PRETTY);
        JsonTree.object(tree, "listeners", 0, "virtualHosts", 0, "routes", 0, "filters", 1).remove("type");

        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(tree)))
                .hasMessageContaining("listeners[0].virtualHosts[0].routes[0].filters[1]")
                .hasMessageContaining("missing type id property 'type'")
                .hasMessageContaining("headers, rateLimit, redirect, respond, retry, rewrite");
    }

    @Test
    void wrongScalarsAreRefusedAtTheirPlace() {
        refused("\"port\" : 13306", "\"port\" : 13306.0", "listeners[2].port", "floating-point");
        refused("\"port\" : 13306", "\"port\" : \"13306\"", "listeners[2].port", "got a string");
        refused("\"port\" : 13306", "\"port\" : 99999999999", "listeners[2].port", "out of range");
        refused("\"port\" : 13306", "\"port\" : null", "listeners[2].port", "numbers must be written out");
        refused("\"name\" : \"mysql\"", "\"name\" : 5", "listeners[2].name", "expected a string, got an integer");
        refused("\"name\" : \"mysql\"", "\"name\" : true", "listeners[2].name", "expected a string, got a boolean");
        refused("\"name\" : \"mysql\"", "\"name\" : [ \"mysql\" ]", "listeners[2].name", "got an array");
        refused("\"weight\" : 3", "\"weight\" : true", "clusters[0].endpoints[0].weight", "expected an integer");
        refused("\"stickyByClientAddress\" : true", "\"stickyByClientAddress\" : 1", "clusters[1].stickyByClientAddress",
                "expected true or false");
        refused("\"stickyByClientAddress\" : true", "\"stickyByClientAddress\" : \"true\"",
                "clusters[1].stickyByClientAddress", "expected true or false");
        refused("\"lbPolicy\" : \"HASHING\"", "\"lbPolicy\" : 1", "clusters[0].lbPolicy", "ROUND_ROBIN, HASHING");
        refused("\"lbPolicy\" : \"HASHING\"", "\"lbPolicy\" : \"hashing\"", "clusters[0].lbPolicy", "not one of");
        refused("\"slowRatioThreshold\" : 0.1", "\"slowRatioThreshold\" : \"0.1\"",
                "clusters[0].circuitBreaker.slowRatioThreshold", "expected a number");
        refused("\"domains\" : [ \"*\" ]", "\"domains\" : \"*\"", "listeners[0].virtualHosts[1].domains",
                "expected an array");
        refused("\"responseSet\" : {", "\"responseSet\" : { \"x\" : 1,", "responseSet.x", "expected a string");
    }

    @Test
    void numbersReadWhereTheyBelong() {
        // an integer is a number too where a fraction belongs
        String json = PRETTY.replace("\"errorRatioThreshold\" : 1.0", "\"errorRatioThreshold\" : 1");
        assertThat(json).isNotEqualTo(PRETTY);
        assertThat(ProxyConfigJson.read(json)).isEqualTo(WireSamples.everything());
        assertThat(ProxyConfigJson.read(PRETTY.replace("\"lbPolicy\" : \"HASHING\"", "\"lbPolicy\" : \" HASHING \"")))
                .as("spaces around an enum's name, as before").isEqualTo(WireSamples.everything());
    }

    @Test
    void errorsNameTheLineAndColumnOfTheValue() {
        String broken = PRETTY.replace("\"idleTimeout\" : \"PT10M\"", "\"idleTimeout\" : \"ten minutes\"");
        int at = broken.indexOf("\"ten minutes\"");
        int line = (int) broken.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        int column = at - broken.lastIndexOf('\n', at);

        assertThatThrownBy(() -> ProxyConfigJson.read(broken))
                .hasMessageStartingWith("invalid proxy config at listeners[2].idleTimeout (line " + line + ", column "
                        + column + "): ")
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void errorsInPartsReadOnTheirOwnAreStillPlacedInTheWholeDocument() {
        ParsedFragments fragments = new ParsedFragments();
        ProxyConfigJson.read(PRETTY, fragments);
        String broken = PRETTY.replace("\"weight\" : 80", "\"weight\" : -80");
        // the record refuses its values where its object ends
        int end = broken.indexOf('}', broken.indexOf("-80"));
        int line = (int) broken.substring(0, end).chars().filter(c -> c == '\n').count() + 1;
        int column = end - broken.lastIndexOf('\n', end);

        assertThatThrownBy(() -> ProxyConfigJson.read(broken, fragments))
                .hasMessageContaining("at listeners[0].virtualHosts[0].routes[0].clusters[0] (line " + line + ", column "
                        + column + ")")
                .hasMessageContaining("weight must be >= 0, got -80");
        String compact = ProxyConfigJson.writeCompact(WireSamples.everything()).replace("\"weight\":80", "\"weight\":8.5");
        assertThatThrownBy(() -> ProxyConfigJson.read(compact, fragments))
                .hasMessageContaining("at listeners[0].virtualHosts[0].routes[0].clusters[0].weight (line 1, column "
                        + (compact.indexOf("8.5") + 1) + ")");
    }

    @Test
    void noErrorRepeatsKeyMaterial() {
        String key = WireSamples.KEY.replace("\n", "\\n");
        for (String broken : new String[] {
                PRETTY.replace("\"port\" : 13306", "\"port\" : \"" + key + "\""),
                PRETTY.replace("\"lbPolicy\" : \"HASHING\"", "\"lbPolicy\" : \"" + key + "\""),
                PRETTY.replace("\"idleTimeout\" : \"PT10M\"", "\"idleTimeout\" : \"" + key + "\""),
                PRETTY.replace("\"type\" : \"tcp\"", "\"type\" : \"" + key + "\""),
                PRETTY.replace("\"mode\" : \"SOCKS5\"", "\"mode\" : \"" + key + "\"")}) {
            assertThat(broken).isNotEqualTo(PRETTY);
            assertThatThrownBy(() -> ProxyConfigJson.read(broken))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("PRIVATE KEY")
                    .hasMessageNotContaining("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg");
        }
    }

    @Test
    void aDocumentThatIsNotAConfigObjectIsRefused() {
        assertThatThrownBy(() -> ProxyConfigJson.read("[]")).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> ProxyConfigJson.read("{\"version\": \"1\"} x"))
                .hasMessageStartingWith("invalid proxy config (line 1, column 18)");
        ProxyConfig config = ProxyConfigJson.read("  {\"version\": \"1\"}  \n");
        assertThat(config).isEqualTo(new ProxyConfig("1", null, null));
    }

    private static void refused(String valid, String invalid, String path, String problem) {
        assertThat(PRETTY).contains(valid);
        String broken = PRETTY.replaceFirst(java.util.regex.Pattern.quote(valid),
                java.util.regex.Matcher.quoteReplacement(invalid));
        assertThatThrownBy(() -> ProxyConfigJson.read(broken))
                .as(invalid)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(path)
                .hasMessageContaining(problem);
    }

    private static void moveTypeLast(Map<String, Object> object) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        Object type = copy.remove("type");
        object.clear();
        object.putAll(copy);
        object.put("type", type);
    }
}
