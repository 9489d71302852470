package io.harwarden.har;

/** Where in a HAR file a redaction happened; its label appears in reports. */
public enum Location {
    REQUEST_URL("request.url"),
    REQUEST_QUERY_STRING("request.queryString"),
    REQUEST_HEADER("request.header"),
    REQUEST_COOKIE("request.cookie"),
    REQUEST_BODY("request.postData"),
    RESPONSE_HEADER("response.header"),
    RESPONSE_COOKIE("response.cookie"),
    RESPONSE_BODY("response.content"),
    RESPONSE_REDIRECT_URL("response.redirectURL"),
    WEBSOCKET_MESSAGE("_webSocketMessages"),
    PAGE_TITLE("pages.title"),
    INITIATOR("_initiator"),
    OTHER("other");

    private final String label;

    Location(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
