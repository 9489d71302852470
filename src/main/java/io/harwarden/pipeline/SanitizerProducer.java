package io.harwarden.pipeline;

import io.harwarden.har.HarSanitizer;
import io.harwarden.har.NameList;
import io.harwarden.har.PolicyFile;
import io.harwarden.har.SanitizerPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Builds the one {@link HarSanitizer} of the daemon from configuration; a bad policy file fails the start. */
@ApplicationScoped
public class SanitizerProducer {

    @Produces
    @ApplicationScoped
    HarSanitizer sanitizer(SanitizerConfig config) {
        return config.threadsPerFile().map(threads -> new HarSanitizer(policy(config), threads))
                .orElseGet(() -> new HarSanitizer(policy(config)));
    }

    static SanitizerPolicy policy(SanitizerConfig config) {
        SanitizerPolicy base = config.policyFile().map(SanitizerProducer::read).orElse(SanitizerPolicy.defaults());
        return new SanitizerPolicy(
                merge(base.headers(), config.redact().headers(), config.keep().headers()),
                merge(base.params(), config.redact().params(), config.keep().params()),
                merge(base.bodyKeys(), config.redact().bodyKeys(), config.keep().bodyKeys()),
                merge(base.cookies(), config.redact().cookies(), config.keep().cookies()),
                config.maxStringLength(), config.maxNestingDepth(), base.entropy() || config.entropy());
    }

    private static SanitizerPolicy read(String file) {
        try {
            return PolicyFile.read(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException("harwarden.sanitizer.policy-file " + file + ": " + e.getMessage(), null);
        }
    }

    private static NameList merge(NameList base, Optional<Set<String>> redact, Optional<Set<String>> keep) {
        Set<String> r = new HashSet<>(base.redact());
        redact.ifPresent(r::addAll);
        Set<String> k = new HashSet<>(base.keep());
        keep.ifPresent(k::addAll);
        return new NameList(r, k);
    }
}
