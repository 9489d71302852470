package io.harwarden;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DaemonTest {
    @Test
    void reportsHealth() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessNamesTheStoreAndTheKeys() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'harwarden' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'harwarden' }.data.store", equalTo("filesystem"))
                .body("checks.find { it.name == 'harwarden' }.data.recipients", equalTo(1));
    }

    @Test
    void servesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }
}
