package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.testing.FakeGlance;
import org.remotefs.testing.FakeKeystone;

/**
 * Secrets never leak: with a known {@code nas_password} and Glance's Keystone {@code password}
 * configured, every command — in table and JSON form, verbose, succeeding and failing — is run, and
 * its output (stdout and stderr) is searched for the secret and for every token Keystone issued; a
 * configuration with a wrong {@code application_credential_secret} is searched for that secret.
 * (A localfs backend has no connection options, so {@code connection show} is searched too.)
 */
class SecretsIT {
    private static final String SECRET = "S3cret-7f9a2c-never-shown";
    private static final String CREDENTIAL_SECRET = "Cr3d-51be0a-never-shown";

    @TempDir
    Path tempDir;

    @Test
    void noCommandShowsTheConfiguredPassword() throws IOException {
        Path work = tempDir.toRealPath();
        Path share = Files.createDirectories(work.resolve("share"));
        Path config = work.resolve("remotefs.conf");
        try (FakeGlance glance = new FakeGlance().start();
             FakeKeystone keystone = new FakeKeystone(work.resolve("keystone")).withUser("cinder", SECRET)
                     .withApplicationCredential("ac-1", "remotefs", "cinder", CREDENTIAL_SECRET)
                     .withEndpoint("image", "public", glance.endpoint()).start()) {
            glance.acceptTokensOf(keystone);
            glance.put("img-1", "cirros", "raw", new byte[512]);
            Files.writeString(config, """
                    remotefs.backends.gold {
                      driver = localfs
                      nas_share_path = "%s"
                      nas_login = admin
                      nas_password = "%s"
                    }
                    remotefs.image_service {
                      type = glance
                      auth_type = password
                      auth_url = "%s"
                      username = cinder
                      password = "%s"
                      user_domain_name = Default
                      project_name = service
                      project_domain_name = Default
                      cafile = "%s"
                    }
                    """.formatted(share, SECRET, keystone.authUrl(), SECRET, keystone.caFile()), StandardCharsets.UTF_8);
            Path wrong = work.resolve("wrong.conf");
            Files.writeString(wrong, """
                    remotefs.backends.gold { driver = localfs, nas_share_path = "%s" }
                    remotefs.image_service {
                      type = glance
                      auth_type = v3applicationcredential
                      auth_url = "%s"
                      application_credential_id = ac-1
                      application_credential_secret = "wrong-%s"
                      cafile = "%s"
                    }
                    """.formatted(share, keystone.authUrl(), CREDENTIAL_SECRET, keystone.caFile()),
                    StandardCharsets.UTF_8);
            List<Result> results = runEverything(work, config, wrong);
            List<String> secrets = new ArrayList<>(List.of(SECRET, CREDENTIAL_SECRET));
            secrets.addAll(keystone.issuedTokens());
            assertThat(keystone.issuedTokens()).as("the image commands authenticated").isNotEmpty();
            assertThat(keystone.refused()).as("the wrong secret was tried").isPositive();
            assertThat(results).hasSizeGreaterThan(30).allSatisfy(result -> {
                for (String secret : secrets) {
                    assertThat(result.stdout()).as("stdout of %s", result.commandLine()).doesNotContain(secret);
                    assertThat(result.stderr()).as("stderr of %s", result.commandLine()).doesNotContain(secret);
                }
            });
            assertThat(results).as("the commands ran, and some failed as asked")
                    .anySatisfy(r -> assertThat(r.exitCode()).isZero())
                    .anySatisfy(r -> assertThat(r.exitCode()).isNotZero());
        }
    }

    private static List<Result> runEverything(Path work, Path config, Path wrong) {
        RemotefsProcess remotefs = new RemotefsProcess(work);
        List<Result> results = new ArrayList<>();
        String[] global = {"--config", config.toString(), "-v"};
        Result created = remotefs.run(concat(global, "--format", "json", "volume", "create", "--size", "1"));
        results.add(created);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = created.stdoutJson().path("id").asText();
        Result snapshot = remotefs.run(concat(global, "--format", "json", "snapshot", "create", id));
        results.add(snapshot);
        String snapshotId = snapshot.stdoutJson().path("id").asText();
        List<List<String>> commands = List.of(List.of("drivers"), List.of("backends"), List.of("volume", "list"),
                List.of("volume", "show", id), List.of("snapshot", "list"), List.of("connection", "show", id),
                List.of("stats", "--refresh"), List.of("check"), List.of("locks"),
                List.of("volume", "extend", id, "--size", "2"), List.of("volume", "show", "not-a-uuid"),
                List.of("volume", "create", "--size", "0"), List.of("snapshot", "delete", snapshotId),
                List.of("volume", "delete", id), List.of("volume", "delete", "--force", id),
                List.of("image", "show", "img-1"), List.of("image", "show", "no-such-image"),
                List.of("image", "list"));
        for (List<String> command : commands) {
            for (String format : List.of("table", "json")) {
                results.add(remotefs.run(concat(concat(global, "--format", format), command.toArray(String[]::new))));
            }
        }
        // the refused credential: where it is read (the image commands) and where options are shown
        for (List<String> command : List.of(List.of("drivers"), List.of("backends"), List.of("image", "show", "img-1"))) {
            for (String format : List.of("table", "json")) {
                results.add(remotefs.run(concat(new String[] {"--config", wrong.toString(), "-v", "--format", format},
                        command.toArray(String[]::new))));
            }
        }
        Result shown = results.stream().filter(r -> r.commandLine().contains("img-1")
                && r.commandLine().contains(config.toString())).findFirst().orElseThrow();
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        Result refused = results.stream().filter(r -> r.commandLine().contains("img-1")
                && r.commandLine().contains(wrong.toString()) && r.commandLine().contains("json")).findFirst().orElseThrow();
        assertThat(refused.stderrJson().path("code").asText()).as(refused.toString()).isEqualTo("AUTHENTICATION_FAILED");
        return results;
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }
}
