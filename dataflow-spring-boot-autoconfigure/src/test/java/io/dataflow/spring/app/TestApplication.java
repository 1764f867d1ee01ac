package io.dataflow.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the starter is tested in: nothing of DataFlow's is declared here. */
@SpringBootApplication
public class TestApplication {
}
