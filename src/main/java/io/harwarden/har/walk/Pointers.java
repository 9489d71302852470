package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * JSON pointers for messages, built only from HAR's own field names and array indexes. Any other key becomes
 * {@value #OTHER}: a key is text from the file, and a file can use a secret as a key.
 */
public final class Pointers {
    static final String OTHER = "*";

    /** The field names of HAR 1.2 and of the extensions browsers write; none of them can carry a secret. */
    private static final Set<String> HAR_FIELDS = Set.of("log", "version", "creator", "browser", "name", "pages",
            "startedDateTime", "id", "title", "pageTimings", "onContentLoad", "onLoad", "comment", "entries",
            "pageref", "time", "request", "response", "cache", "timings", "serverIPAddress", "connection", "method",
            "url", "httpVersion", "cookies", "headers", "queryString", "postData", "headersSize", "bodySize",
            "value", "path", "domain", "expires", "httpOnly", "secure", "sameSite", "mimeType", "params", "text",
            "fileName", "contentType", "status", "statusText", "content", "redirectURL", "size", "compression",
            "encoding", "beforeRequest", "afterRequest", "lastAccess", "eTag", "hitCount", "blocked", "dns",
            "connect", "send", "wait", "receive", "ssl", "_initiator", "_webSocketMessages", "_resourceType",
            "_priority", "_transferSize", "_fromCache", "_error", "_fetchedViaServiceWorker", "type", "opcode",
            "data", "stack", "callFrames", "functionName", "scriptId", "lineNumber", "columnNumber", "parent",
            "description", "_connectionId", "_blocked_queueing", "_blocked_proxy", "_workerStart", "_workerReady",
            "_workerFetchStart", "_workerRespondWithSettled", "_isLinkPreload", "_securityState", "_serverPort",
            "_was_pushed", "_cookiesSize", "_fromDiskCache", "_fromServiceWorker", "_exposedRawHeaders");

    private Pointers() {
    }

    public static boolean isHarField(String name) {
        return HAR_FIELDS.contains(name);
    }

    /** The pointer of the parser's place, after {@code prefix} (which is trusted), or "/" at the top. */
    static String of(JsonStreamContext context, String prefix) {
        JsonStreamContext c = context;
        if (c != null && !c.hasPathSegment()) {
            c = c.getParent();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                String name = c.getCurrentName();
                segments.push(name != null && HAR_FIELDS.contains(name) ? name : OTHER);
            } else if (c.inArray()) {
                segments.push(String.valueOf(c.getCurrentIndex()));
            }
        }
        StringBuilder pointer = new StringBuilder(prefix);
        for (String segment : segments) {
            pointer.append('/').append(segment);
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }
}
