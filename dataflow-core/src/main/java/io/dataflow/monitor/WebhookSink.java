package io.dataflow.monitor;

import io.dataflow.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each event as JSON (the same snake_case keys as {@code --json}) to a URL. A failed try (no
 * answer, or a status outside 2xx) is retried with exponential backoff up to {@code maxAttempts};
 * after the last, the event is logged as undelivered and the monitor goes on.
 */
public final class WebhookSink implements AlertSink {

    private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);

    private final URI url;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookSink(URI url, int maxAttempts, Duration initialBackoff) {
        this.url = url;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
    }

    public WebhookSink(MonitorConfig.WebhookOptions options) {
        this(options.url(), options.maxAttempts(), options.initialBackoff());
    }

    public URI url() {
        return url;
    }

    @Override
    public void deliver(AlertEvent event) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(event))).build();
        long wait = initialBackoff.toMillis();
        String last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) return;
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < maxAttempts) {
                Thread.sleep(wait);
                wait *= 2;
            }
        }
        log.warn("webhook {} did not take the {} event of alert {} after {} tries (last: {})", url, event.event(),
                event.alert().cause(), maxAttempts, last);
    }
}
