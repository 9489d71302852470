package io.harwarden.deploy;

import static io.restassured.RestAssured.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of deploy/ without a cluster: the Kubernetes objects refer to each other correctly, run non-root
 * on a read-only root with the daemon's real health paths, and name only settings the README documents; the compose
 * file holds together; every metric the Prometheus alerts use is one the running daemon exports.
 */
@QuarkusTest
class DeployManifestsTest {
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    private static final Pattern METRIC = Pattern.compile("\\bharwarden_[a-z_]+");

    private static List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(Path.of(file).toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isMissingNode() && !d.isNull()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    private static Map<String, JsonNode> byKindAndName(List<JsonNode> docs) {
        Map<String, JsonNode> all = new HashMap<>();
        docs.forEach(d -> all.put(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), d));
        return all;
    }

    @Test
    void theKubernetesObjectsHoldTogetherAndRunNonRootOnAReadOnlyRoot() throws Exception {
        Map<String, JsonNode> k8s = byKindAndName(documents("deploy/kubernetes/harwarden.yaml"));
        assertEquals(Set.of("Secret/harwarden-keys", "Secret/harwarden-credentials", "ConfigMap/harwarden-config",
                "Deployment/harwarden", "Service/harwarden", "PodDisruptionBudget/harwarden"), k8s.keySet());
        JsonNode deployment = k8s.get("Deployment/harwarden").path("spec");
        JsonNode labels = deployment.path("template").path("metadata").path("labels");
        assertEquals(labels, deployment.path("selector").path("matchLabels"));
        assertEquals(labels, k8s.get("Service/harwarden").path("spec").path("selector"));
        assertEquals(labels, k8s.get("PodDisruptionBudget/harwarden").path("spec").path("selector")
                .path("matchLabels"));

        JsonNode pod = deployment.path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        JsonNode container = pod.path("containers").get(0);
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertEquals(200, get(path).statusCode(), probe + " " + path + " answers on the daemon");
        }
        for (JsonNode volume : pod.path("volumes")) {
            String secret = volume.path("secret").path("secretName").asText(null);
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText(null);
            assertTrue(secret == null || k8s.containsKey("Secret/" + secret), secret);
            assertTrue(claim == null || k8s.containsKey("PersistentVolumeClaim/" + claim), claim);
        }
        Set<String> mounted = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> mounted.add(m.path("mountPath").asText()));
        assertTrue(mounted.containsAll(Set.of("/data", "/keys", "/tmp")), "a writable /tmp beside the read-only root");
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            assertTrue(k8s.get("Secret/" + ref.path("name").asText()).path("stringData").has(ref.path("key").asText()),
                    env.toString());
        }
        List<String> envNames = new ArrayList<>();
        container.path("env").forEach(e -> envNames.add(e.path("name").asText()));
        documented(envNames.iterator());
        JsonNode config = k8s.get("ConfigMap/harwarden-config").path("data");
        if (deployment.path("replicas").asInt(1) > 1) { // replicas share work only through Kafka and PostgreSQL
            assertEquals("kafka", config.path("QUARKUS_PROFILE").asText());
            assertEquals("true", config.path("QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE").asText());
            assertEquals("false", config.path("QUARKUS_DATASOURCE_ACTIVE").asText());
            for (JsonNode volume : pod.path("volumes")) {
                assertTrue(volume.path("persistentVolumeClaim").isMissingNode(), "no volume that only one pod mounts");
            }
        }
        assertTrue(config.path("HARWARDEN_PGP_RECIPIENTS").asText().startsWith("/keys/"));
        assertTrue(config.path("HARWARDEN_STORE_REDMINE_API_KEY_FILE").asText().startsWith("/credentials/"));
        documented(config.fieldNames());
    }

    /** Every setting an operator is shown is one the README's configuration documents (no typo goes unnoticed). */
    private static void documented(java.util.Iterator<String> envNames) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String dotted = readme.replace('-', '.');
        envNames.forEachRemaining(env -> assertTrue(readme.contains(env)
                || dotted.contains(env.toLowerCase(Locale.ROOT).replace('_', '.')), env + " is documented in the README"));
    }

    @Test
    void theComposeStackHoldsTogether() throws Exception {
        JsonNode compose = documents("deploy/compose/compose.yaml").get(0);
        JsonNode services = compose.path("services");
        assertTrue(services.has("harwarden") && services.has("postgres") && services.has("kafka"));
        JsonNode harwarden = services.path("harwarden");
        assertEquals("service_healthy", harwarden.path("depends_on").path("postgres").path("condition").asText());
        assertEquals("service_healthy", harwarden.path("depends_on").path("kafka").path("condition").asText());
        assertEquals("kafka", harwarden.path("environment").path("QUARKUS_PROFILE").asText());
        String advertised = services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
        assertTrue(advertised.endsWith("//" + harwarden.path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText()),
                "the replicas reach the broker where it says it is: " + advertised);
        String url = harwarden.path("environment").path("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL").asText();
        assertTrue(url.startsWith("jdbc:postgresql://postgres:5432/"), url);
        assertEquals(services.path("postgres").path("environment").path("POSTGRES_PASSWORD"),
                harwarden.path("environment").path("QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD"));
        documented(harwarden.path("environment").fieldNames());
        for (JsonNode volume : harwarden.path("volumes")) {
            String source = volume.asText().split(":")[0];
            assertTrue(source.startsWith("./") || compose.path("volumes").has(source), source);
        }
    }

    @Test
    void everyMetricTheAlertsUseIsExported() throws Exception {
        JsonNode rules = documents("deploy/prometheus/alerts.yaml").get(0).path("groups").get(0).path("rules");
        Set<String> used = new TreeSet<>();
        for (JsonNode rule : rules) {
            Matcher m = METRIC.matcher(rule.path("expr").asText());
            while (m.find()) {
                used.add(m.group());
            }
            assertFalse(rule.path("annotations").path("summary").asText().isBlank());
        }
        assertTrue(used.size() >= 4, used.toString());
        String metrics = get("/q/metrics").asString();
        Set<String> exported = metrics.lines().filter(l -> l.startsWith("harwarden_"))
                .map(l -> l.split("[{ ]")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(exported.containsAll(used), "not exported: " + used.stream().filter(u -> !exported.contains(u))
                .toList());
        for (JsonNode rule : rules) { // a label the rule selects on must be one the series carries
            Matcher q = Pattern.compile("(harwarden_[a-z_]+)\\{([^}]*)}").matcher(rule.path("expr").asText());
            while (q.find()) {
                String series = q.group(1) + "{" + q.group(2) + "}";
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith(series)), series + " is exported");
            }
        }
    }

    /** The image runs with the JIT options of the launcher, so a measured gain is not lost in the container. */
    @Test
    void theImageRunsWithTheLaunchersJitOptions() throws Exception {
        Matcher options = Pattern.compile("-XX:(\\+[A-Za-z0-9]+|[A-Za-z0-9]+=\\d+)").matcher(Files.readString(Path.of(
                "harwarden")));
        List<String> launcher = new ArrayList<>();
        while (options.find()) {
            launcher.add(options.group());
        }
        assertEquals(6, launcher.size(), launcher.toString());
        String entrypoint = Files.readString(Path.of("deploy/container/Containerfile")).split("ENTRYPOINT", 2)[1];
        launcher.forEach(o -> assertTrue(entrypoint.contains('"' + o + '"'), o + " in the image's ENTRYPOINT"));
    }
}
