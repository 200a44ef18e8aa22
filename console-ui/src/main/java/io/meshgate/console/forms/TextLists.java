package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.meshgate.console.api.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Comma- or space-separated text fields ({@code a.example, b.example}) to and from JSON arrays. */
public final class TextLists {
    private TextLists() {}

    /** The non-empty items of {@code text}, trimmed, in order. */
    public static List<String> split(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The text items of a JSON array joined with ", "; "" for anything else. */
    public static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(i -> items.add(i.asText()));
        return String.join(", ", items);
    }

    /** A JSON array of the items of {@code text}. */
    public static ArrayNode array(String text) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        split(text).forEach(a::add);
        return a;
    }

    /** A number when {@code text} is all digits (and fits), else the text itself, so the API reports the type. */
    public static JsonNode numberOrText(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.isEmpty() && t.length() <= 9 && t.chars().allMatch(Character::isDigit)) {
            return Json.MAPPER.getNodeFactory().numberNode(Integer.parseInt(t));
        }
        return Json.MAPPER.getNodeFactory().textNode(t);
    }
}
