package io.harwarden.exception.notify;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * POSTs one webhook call, off the caller's thread, retried by Fault Tolerance (the project's one retry mechanism)
 * while the receiver is down or answers other than 2xx.
 */
@ApplicationScoped
public class WebhookSender {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Asynchronous
    @Retry(maxRetries = 4, delay = 500, jitter = 200, retryOn = IOException.class)
    public CompletionStage<Integer> send(URI url, String body, Map<String, String> headers, Duration timeout)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered " + response.statusCode());
        }
        return CompletableFuture.completedFuture(response.statusCode());
    }
}
