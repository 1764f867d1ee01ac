package io.dataflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.spring.app.TestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** dataflow.dashboard.enabled=true starts the web dashboard, on its own port, with the application. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DashboardIT {

    static final String URL = TestDatabases.fresh();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry p) {
        p.add("spring.datasource.url", () -> URL);
        p.add("spring.datasource.username", TestDatabases::user);
        p.add("dataflow.models[0]", () -> "io.dataflow.spring.app.models");
        p.add("dataflow.schema.sync", () -> "create-missing");
        p.add("dataflow.scheduler.enabled", () -> "false");
        p.add("dataflow.dashboard.enabled", () -> "true");
        p.add("dataflow.dashboard.bind", () -> "127.0.0.1:0"); // a free port
    }

    @Autowired DataFlowDashboard dashboard;

    @Test
    void theDashboardsPagesAnswerOverHttp() throws Exception {
        assertThat(dashboard.isRunning()).isTrue();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(dashboard.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<span class=\"brand\">DataFlow</span>");
        HttpResponse<String> css = client.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "static/dashboard.css")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(css.statusCode()).isEqualTo(200);
    }
}
