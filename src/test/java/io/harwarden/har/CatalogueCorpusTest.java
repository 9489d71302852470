package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harwarden.har.detect.Catalogue;
import io.harwarden.har.detect.Credential;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every format of the catalogue, made from its shape, in every place a HAR carries text (the seven places of the
 * held-out corpus, plus a cookie and a WebSocket frame), among values that must be kept: none may survive, all of
 * those must. Formats that need their keyword are planted beside it (as a text line, a JSON key, a header name).
 */
class CatalogueCorpusTest {
    private static final List<Credential> ALL = Catalogue.standard().credentials();

    private record Planted(String id, String value) {
    }

    @Test
    void everyFormatInEveryPlaceIsRedactedAndEveryKeptValueIsKept() throws Exception {
        Random random = new Random(11);
        List<Planted> planted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        ArrayNode entries = Fixture.JSON.createArrayNode();
        for (Credential c : ALL) {
            String value = c.shape().example(new Random(c.id().hashCode()));
            planted.add(new Planted(c.id(), value));
            String keep = keptValue(random);
            kept.add(keep);
            if (c.needsKeyword()) {
                for (String name : List.of(c.keywords().get(0), c.keywords().get(0) + "_key")) {
                    entries.add(entry(textBody(name + " = \"" + value + "\"\n" + keep), null, null));
                    entries.add(entry(jsonBody(name, value, keep), null, null));
                    entries.add(entry(null, header("X-" + name, value), null));
                }
            } else {
                for (ObjectNode e : shapePlaces(value, keep)) {
                    entries.add(e);
                }
            }
        }
        ObjectNode har = Fixture.JSON.createObjectNode();
        har.putObject("log").put("version", "1.2").set("entries", entries);
        String out = Fixture.sanitize(Fixture.JSON.writeValueAsString(har)).json();
        List<String> texts = strings(Fixture.JSON.readTree(out), new ArrayList<>());
        List<String> leaks = new ArrayList<>();
        for (Planted p : planted) {
            if (texts.stream().anyMatch(t -> t.contains(p.value()))) {
                leaks.add(p.id());
            }
        }
        assertEquals(List.of(), leaks, leaks.size() + " of " + planted.size() + " formats survived somewhere");
        List<String> lost = kept.stream().filter(k -> texts.stream().noneMatch(t -> t.contains(k))).toList();
        assertEquals(List.of(), lost, "values that must be kept");
    }

    /** The seven places of the held-out corpus, plus a cookie and a WebSocket frame. */
    private static List<ObjectNode> shapePlaces(String value, String keep) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        return List.of(
                entry(textBody("here it is: " + value + "\n" + keep), null, null),
                entry(jsonBody("data", value, keep), null, null),
                entry(html("<script>window.__CONFIG__ = {\"cfg\":\"" + value + "\",\"keep\":\"" + keep
                        + "\"};</script>"), null, null),
                entry(js("var a=\"" + value + "\";var k='" + keep + "';function f(){return a}"), null, null),
                entry(null, header("X-Custom", value), null),
                entry(null, null, "https://app.example.com/api?q=" + encoded + "&keep=" + keep),
                entry(form("field=" + encoded + "&keep=" + keep), null, null),
                entry(null, header("Cookie", "pref=" + value), null),
                webSocket("{\"msg\":\"" + value + "\",\"keep\":\"" + keep + "\"}"));
    }

    private static String keptValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt()}).toString();
            case 1 -> "ATLAS_" + new UUID(random.nextLong(), random.nextLong()) + "_" + random.nextInt(9);
            case 2 -> hex(random, 40);
            case 3 -> hex(random, 64);
            case 4 -> "/api/v1/customers/" + random.nextInt(100_000) + "/users";
            default -> "The request failed because the user is not allowed";
        };
    }

    private static String hex(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    private static ObjectNode entry(ObjectNode content, ObjectNode header, String url) {
        ObjectNode e = Fixture.JSON.createObjectNode();
        ObjectNode request = e.putObject("request");
        request.put("method", "GET").put("url", url == null ? "https://app.example.com/" : url);
        ArrayNode headers = request.putArray("headers");
        if (header != null) {
            headers.add(header);
        }
        ObjectNode response = e.putObject("response");
        response.put("status", 200);
        if (content != null && content.has("postData")) {
            request.set("postData", content.get("postData"));
        } else if (content != null) {
            response.set("content", content);
        }
        return e;
    }

    private static ObjectNode body(String mimeType, String text) {
        return Fixture.JSON.createObjectNode().put("mimeType", mimeType).put("text", text);
    }

    private static ObjectNode textBody(String text) {
        return body("text/plain", text);
    }

    private static ObjectNode html(String text) {
        return body("text/html", text);
    }

    private static ObjectNode js(String text) {
        return body("application/javascript", text);
    }

    private static ObjectNode jsonBody(String key, String value, String keep) {
        ObjectNode json = Fixture.JSON.createObjectNode();
        json.putObject("result").put(key, value).put("keep", keep);
        return body("application/json", json.toString());
    }

    private static ObjectNode form(String text) {
        ObjectNode holder = Fixture.JSON.createObjectNode();
        holder.putObject("postData").put("mimeType", "application/x-www-form-urlencoded").put("text", text);
        return holder;
    }

    private static ObjectNode header(String name, String value) {
        return Fixture.JSON.createObjectNode().put("name", name).put("value", value);
    }

    private static ObjectNode webSocket(String data) {
        ObjectNode e = entry(null, null, "wss://app.example.com/socket");
        e.putArray("_webSocketMessages").addObject().put("type", "receive").put("opcode", 1).put("data", data);
        return e;
    }

    /** Every string of the output, as written and URL-decoded. */
    private static List<String> strings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
            try {
                into.add(URLDecoder.decode(node.asText(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notEncoded) {
                // the raw text is checked already
            }
        }
        node.fieldNames().forEachRemaining(into::add);
        node.elements().forEachRemaining(child -> strings(child, into));
        return into;
    }
}
