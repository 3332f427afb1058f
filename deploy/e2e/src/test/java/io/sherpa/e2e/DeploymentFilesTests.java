package io.sherpa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment files that cannot be run on machines without Docker or a cluster (docker-compose.yml,
 * deploy/docker, deploy/k8s, deploy/grafana) checked for structure: they parse, name files that exist, pin their
 * images, and set every setting the services read.
 */
class DeploymentFilesTests {

    static final Path ROOT = LocalStackEndToEndTests.ROOT;
    static final List<String> SERVICES = LocalStack.SERVICES;
    static final Map<String, Integer> PORTS =
            Map.of("ingest-service", 8081, "moderation-service", 8082, "notification-service", 8083);
    static final Pattern PINNED = Pattern.compile("^[\\w./-]+:v?\\d+(\\.\\d+)+[\\w.-]*$");

    private final Yaml yaml = new Yaml();

    // --- docker compose

    @Test
    void composeRunsKafkaMongoTheServicesPrometheusAndGrafanaFromPinnedImages() throws IOException {
        Map<String, Object> compose = yaml.load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = map(compose.get("services"));
        assertThat(services)
                .containsKeys("kafka", "mongodb", "mongodb-init", "prometheus", "grafana")
                .containsKeys(SERVICES.toArray(String[]::new));

        services.forEach((name, service) -> {
            assertThat((String) service.get("image"))
                    .as("%s's image is pinned to a version", name)
                    .matches(PINNED)
                    .doesNotEndWith(":latest");
            for (Object dependency : dependencies(service)) {
                assertThat(services).as("%s depends on %s", name, dependency).containsKey((String) dependency);
            }
            for (Object volume : list(service.get("volumes"))) {
                String source = ((String) volume).split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(ROOT.resolve(source))
                            .as("%s mounts %s", name, source)
                            .exists();
                }
            }
            boolean oneShot = "no".equals(service.get("restart"));
            assertThat(oneShot || service.containsKey("healthcheck") || service.containsKey("build"))
                    .as("%s has a health check (its own or its image's)", name)
                    .isTrue();
        });

        for (String name : SERVICES) {
            Map<String, Object> service = services.get(name);
            Map<String, Object> build = map(service.get("build"));
            assertThat(ROOT.resolve((String) build.get("context")).resolve((String) build.get("dockerfile")))
                    .exists();
            Map<String, Object> args = map(build.get("args"));
            assertThat(args).containsEntry("SERVICE", name).containsEntry("PORT", String.valueOf(PORTS.get(name)));
            assertThat(ROOT.resolve(name + "/pom.xml")).exists();
            Map<String, Object> env = map(service.get("environment"));
            assertThat(env).containsEntry("SHERPA_KAFKA_BOOTSTRAP", "kafka:9092");
            assertThat((String) env.get("SHERPA_MONGODB_URI"))
                    .contains("mongodb:27017")
                    .contains("replicaSet=rs0");
            assertThat(list(service.get("ports"))).anyMatch(p -> ((String) p).endsWith(":" + PORTS.get(name)));
            assertThat(dependencies(service)).contains("kafka", "mongodb-init");
        }

        assertThat(list(services.get("mongodb").get("command"))).containsSubsequence("--replSet", "rs0");
        assertThat(String.join(" ", strings(services.get("mongodb-init").get("entrypoint"))))
                .contains("rs.initiate")
                .contains("isWritablePrimary");
        Map<String, Object> kafka = map(services.get("kafka").get("environment"));
        assertThat(String.valueOf(kafka.get("KAFKA_PROCESS_ROLES"))).isEqualTo("broker,controller");
        assertThat(String.valueOf(kafka.get("CLUSTER_ID"))).hasSize(22);
    }

    @Test
    void composePrometheusScrapesTheThreeServicesAndGrafanaReadsIt() throws IOException {
        Map<String, Object> config = yaml.load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        Map<String, String> targets = new HashMap<>();
        for (Object job : list(config.get("scrape_configs"))) {
            Map<String, Object> j = map(job);
            assertThat(j.get("metrics_path")).isEqualTo("/actuator/prometheus");
            targets.put((String) j.get("job_name"), (String)
                    list(map(list(j.get("static_configs")).get(0)).get("targets"))
                            .get(0));
        }
        SERVICES.forEach(s -> assertThat(targets).containsEntry(s, s + ":" + PORTS.get(s)));
        for (Object rules : list(config.get("rule_files"))) {
            assertThat(ROOT.resolve("deploy/prometheus").resolve((String) rules))
                    .exists();
        }

        Map<String, Object> datasources =
                yaml.load(Files.readString(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")));
        Map<String, Object> datasource =
                map(list(datasources.get("datasources")).get(0));
        assertThat(datasource).containsEntry("url", "http://prometheus:9090").containsEntry("type", "prometheus");
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(ROOT.resolve("deploy/grafana/dashboards/sherpa.json").toFile());
        String grafanaReadme = Files.readString(ROOT.resolve("deploy/grafana/README.md"));
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                continue;
            }
            panels++;
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(datasource.get("uid"));
            assertThat(panel.path("targets").size()).isPositive();
            assertThat(grafanaReadme)
                    .as("README describes panel %s", panel.path("title"))
                    .contains("| " + panel.path("title").asString() + " |");
        }
        assertThat(panels).isGreaterThanOrEqualTo(12);
    }

    @Test
    void theServiceImageIsMultiStageNonRootLayeredAndHealthChecked() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("deploy/docker/Dockerfile"));
        List<String> froms = lines.stream()
                .filter(l -> l.startsWith("FROM "))
                .map(l -> l.split("\\s+")[1])
                .toList();
        assertThat(froms)
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(image -> PINNED.matcher(image).matches());
        String dockerfile = String.join("\n", lines);
        assertThat(dockerfile)
                .contains("jarmode=tools")
                .contains("--layers")
                .contains("HEALTHCHECK")
                .contains("/actuator/health/readiness");
        String user = lines.stream()
                .filter(l -> l.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(user).doesNotContain("root").doesNotMatch("USER 0(:.*)?");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("target/");
    }

    // --- Kubernetes

    @Test
    void everyKustomizationNamesFilesThatExist() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy/k8s"))) {
            kustomizations = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .toList();
        }
        assertThat(kustomizations).hasSize(4);
        for (Path k : kustomizations) {
            Map<String, Object> kustomization = yaml.load(Files.readString(k));
            for (String key : List.of("resources", "components")) {
                for (Object entry : list(kustomization.get(key))) {
                    assertThat(k.getParent().resolve((String) entry))
                            .as("%s: %s", k, entry)
                            .exists();
                }
            }
            for (Object patch : list(kustomization.get("patches"))) {
                Object path = map(patch).get("path");
                if (path != null) {
                    assertThat(k.getParent().resolve((String) path)).exists();
                }
            }
        }
        assertThat(ROOT.resolve("deploy/k8s/overlays/production/secrets.env.example"))
                .exists();
    }

    @Test
    void everyDeploymentHasProbesResourcesALockedDownPodADisruptionBudgetAndAService() throws IOException {
        Map<String, List<Map<String, Object>>> byKind = manifests("deploy/k8s/base");
        for (String name : SERVICES) {
            Map<String, Object> deployment = named(byKind.get("Deployment"), name);
            Map<String, Object> pod =
                    map(map(map(deployment.get("spec")).get("template")).get("spec"));
            Map<String, Object> podSecurity = map(pod.get("securityContext"));
            assertThat(podSecurity).containsEntry("runAsNonRoot", true);
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
            assertThat(map(map(container.get("resources")).get("limits"))).containsKey("memory");
            assertThat(map(container.get("securityContext")))
                    .containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
            assertThat(list(container.get("volumeMounts"))).anyMatch(m -> "/tmp".equals(map(m).get("mountPath")));
            Map<String, Object> annotations =
                    map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                            .get("annotations"));
            assertThat(annotations)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(PORTS.get(name)))
                    .containsEntry("prometheus.io/path", "/actuator/prometheus");
            assertThat(path(named(byKind.get("Service"), name), "spec", "ports"))
                    .asString()
                    .contains("port=" + PORTS.get(name));
            assertThat(named(byKind.get("PodDisruptionBudget"), name)).isNotNull();
            assertThat(named(byKind.get("HorizontalPodAutoscaler"), name)).isNotNull();
        }
    }

    @Test
    void moderationAndNotificationScaleOnTheirConsumerGroupsLag() throws IOException {
        Map<String, List<Map<String, Object>>> keda = manifests("deploy/k8s/components/keda");
        Map<String, String> topics = Map.of(
                "moderation-service", "sherpa.comments.submitted.v1",
                "notification-service", "sherpa.comments.decided.v1");
        topics.forEach((name, topic) -> {
            Map<String, Object> scaled = named(keda.get("ScaledObject"), name);
            assertThat(path(scaled, "spec", "scaleTargetRef", "name")).isEqualTo(name);
            List<Object> triggers = list(path(scaled, "spec", "triggers"));
            Map<String, Object> kafka = map(triggers.get(0));
            assertThat(kafka.get("type")).isEqualTo("kafka");
            assertThat(map(kafka.get("metadata")))
                    .containsEntry("consumerGroup", name)
                    .containsEntry("topic", topic);
            assertThat(triggers).anyMatch(t -> "cpu".equals(map(t).get("type")));
            assertThat(path(scaled, "spec", "maxReplicaCount")).isEqualTo(12);
        });
    }

    @Test
    void everySettingTheServicesReadIsInAConfigMapOrTheSecret() throws IOException {
        Map<String, List<Map<String, Object>>> base = manifests("deploy/k8s/base");
        Set<String> configured = new TreeSet<>();
        for (Map<String, Object> configMap : base.get("ConfigMap")) {
            configured.addAll(map(configMap.get("data")).keySet());
        }
        configured.addAll(map(base.get("Secret").get(0).get("stringData")).keySet());

        Set<String> expected = new TreeSet<>(environmentVariables().keySet());
        // local conveniences, never set in a cluster (deploy/k8s/README.md says so); a database per service is fixed
        expected.removeIf(env -> env.contains("DEMO") || env.endsWith("_DATABASE"));
        assertThat(configured).containsAll(expected);
    }

    @Test
    void theReadmeDocumentsEveryEnvironmentVariable() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String env : environmentVariables().keySet()) {
            assertThat(readme).as("README documents %s", env).contains("`" + env + "`");
        }
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheRulesOfDeployPrometheus() throws IOException {
        List<Object> groups = new ArrayList<>();
        for (String file : List.of("sherpa-recording.yml", "sherpa-alerts.yml")) {
            Map<String, Object> rules = yaml.load(
                    Files.readString(ROOT.resolve("deploy/prometheus/rules").resolve(file)));
            groups.addAll(list(rules.get("groups")));
        }
        Map<String, Object> rule =
                named(manifests("deploy/k8s/components/prometheus-operator").get("PrometheusRule"), "sherpa");
        assertThat(path(rule, "spec", "groups")).isEqualTo(groups);
    }

    // --- what the services read: ${PLACEHOLDER} in application.yml, and every @ConfigurationProperties component

    static final Pattern PROPERTIES = Pattern.compile("@ConfigurationProperties\\(\"([\\w.-]+)\"\\)");
    static final Pattern RECORD = Pattern.compile("record (\\w+)\\(([^{]*?)\\)\\s*\\{", Pattern.DOTALL);
    static final Pattern COMPONENT = Pattern.compile("([\\w.<>]+)\\s+(\\w+)\\s*(?:,|$)");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+):");

    /** Environment variable → the property it sets, for every setting of the three services and common. */
    static Map<String, String> environmentVariables() throws IOException {
        Map<String, String> placeholders = new LinkedHashMap<>(); // canonical property -> placeholder
        for (String service : SERVICES) {
            Map<String, Object> yml =
                    new Yaml().load(Files.readString(ROOT.resolve(service + "/src/main/resources/application.yml")));
            flatten("", yml).forEach((property, value) -> {
                Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
                if (m.find()) {
                    placeholders.put(canonical(property), m.group(1));
                }
            });
        }
        Map<String, String> env = new LinkedHashMap<>();
        placeholders.forEach((property, name) -> env.put(name, property));
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("common", "ingest-service", "moderation-service", "notification-service")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module + "/src/main/java"))) {
                files.filter(p -> p.toString().endsWith("Properties.java")).forEach(sources::add);
            }
        }
        for (Path source : sources) {
            String java = Files.readString(source);
            Matcher prefix = PROPERTIES.matcher(java);
            if (!prefix.find()) {
                continue;
            }
            Map<String, String> records = new LinkedHashMap<>();
            Matcher r = RECORD.matcher(java);
            while (r.find()) {
                records.put(r.group(1), r.group(2));
            }
            String top = records.keySet().iterator().next();
            components(prefix.group(1), records.get(top), records, env, placeholders);
        }
        return env;
    }

    private static void components(
            String prefix,
            String header,
            Map<String, String> records,
            Map<String, String> env,
            Map<String, String> placeholders) {
        String cleaned =
                header.replaceAll("@DefaultValue(\\(\"[^\"]*\"\\))?", "").replaceAll("\\s+", " ");
        Matcher c = COMPONENT.matcher(cleaned.trim());
        while (c.find()) {
            String type = c.group(1);
            String property = prefix + "." + c.group(2);
            if (records.containsKey(type)) {
                components(property, records.get(type), records, env, placeholders);
                continue;
            }
            String name = placeholders.getOrDefault(
                    canonical(property), canonical(property).replace('.', '_').toUpperCase(Locale.ROOT));
            env.putIfAbsent(name, property);
        }
    }

    private static String canonical(String property) {
        return property.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> flatten(String prefix, Map<String, Object> yml) {
        Map<String, Object> flat = new LinkedHashMap<>();
        yml.forEach((key, value) -> {
            String property = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flat.putAll(flatten(property, map(nested)));
            } else {
                flat.put(property, value);
            }
        });
        return flat;
    }

    // --- YAML helpers

    private Map<String, List<Map<String, Object>>> manifests(String dir) throws IOException {
        Map<String, List<Map<String, Object>>> byKind = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        for (Path file : files) {
            for (Object doc : yaml.loadAll(Files.readString(file))) {
                if (doc == null) {
                    continue;
                }
                Map<String, Object> manifest = map(doc);
                byKind.computeIfAbsent((String) manifest.get("kind"), k -> new ArrayList<>())
                        .add(manifest);
            }
        }
        return byKind;
    }

    private static Map<String, Object> named(List<Map<String, Object>> manifests, String name) {
        assertThat(manifests).as("manifests named %s", name).isNotNull();
        return manifests.stream()
                .filter(m -> name.equals(map(m.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no manifest named " + name));
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    private static List<Object> dependencies(Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        return list(dependsOn);
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object o) {
        return o == null ? Map.of() : (Map<String, V>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).collect(Collectors.toList());
    }
}
