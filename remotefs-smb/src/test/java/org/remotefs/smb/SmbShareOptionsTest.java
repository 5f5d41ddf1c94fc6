package org.remotefs.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;

/** Cinder's parse_credentials, its vectors, and what is fixed where Cinder is broken. */
final class SmbShareOptionsTest {
    private static final String FILE = "/run/cred";

    private static SmbShareOptions.CifsOptions rewrite(String options) {
        return SmbShareOptions.rewrite(new Share("//127.0.0.1/share", options, "smbfs_shares:3")).orElseThrow();
    }

    private static void assertRefused(String options, String option) {
        assertThatThrownBy(() -> rewrite(options))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("share", "//127.0.0.1/share").containsEntry("option", option);
                });
    }

    @Test
    void cindersVectorsUserBecomesUsernameAtTheEndAfterTheNamedOptionsThenTheFlags() {
        // Cinder's test_parse_credentials: "-o ro,user=test_user,domain=test_domain,noperm"
        assertThat(rewrite("-o ro,user=test_user,uid=1000,noperm").optionValue(FILE))
                .isEqualTo("uid=1000,username=test_user,ro,noperm");
        assertThat(rewrite("username=u").optionValue(FILE)).isEqualTo("username=u");
        assertThat(rewrite("-o   sec=ntlmssp   vers=3.0").optionValue(FILE)).isEqualTo("sec=ntlmssp,vers=3.0,username=guest");
    }

    @Test
    void withoutAUserTheGuestMountsAndALineWithoutOptionsGetsNone() {
        assertThat(rewrite("ro").optionValue(FILE)).isEqualTo("username=guest,ro");
        assertThat(rewrite("").optionValue(FILE)).isEqualTo("username=guest");
        assertThat(SmbShareOptions.rewrite(new Share("//127.0.0.1/share", null, "t"))).isEmpty();
    }

    @Test
    void aDomainPrefixBecomesTheDomainOptionUnlessTheLineNamesOne() {
        assertThat(rewrite("user=CORP\\alice").optionValue(FILE)).isEqualTo("domain=CORP,username=alice");
        assertThat(rewrite("user=CORP\\alice,domain=OTHER").optionValue(FILE)).isEqualTo("domain=OTHER,username=alice");
        assertThat(rewrite("username=\\alice").optionValue(FILE)).isEqualTo("username=alice");
    }

    @Test
    void aPasswordNeverReachesTheCommandLineItGoesThroughTheCredentialsFile() {
        SmbShareOptions.CifsOptions options = rewrite("user=CORP\\alice,password=s3cret,vers=3.0");

        assertThat(options.inFile()).isTrue();
        assertThat(options.optionValue(FILE)).isEqualTo("vers=3.0,credentials=/run/cred").doesNotContain("s3cret");
        assertThat(options.credentials()).contains(new SmbShareOptions.Credentials("alice", "s3cret", "CORP"));
        assertThat(options.secrets()).containsExactly("s3cret");
        assertThat(options.credentials().orElseThrow().toString()).doesNotContain("s3cret");
        // pass= is mount.cifs's other spelling; any case
        assertThat(rewrite("Pass=x1").credentials().orElseThrow().password()).isEqualTo("x1");
        assertThat(rewrite("Pass=x1").optionValue(FILE)).isEqualTo("credentials=/run/cred");
    }

    @Test
    void valuesWithEqualsCommasAndSpacesAreKeptWholeWhereCinderCutThem() {
        // Cinder splits at every '=' and keeps two parts: "a=b" became "a"
        assertThat(rewrite("password=a=b").credentials().orElseThrow().password()).isEqualTo("a=b");
        assertThat(rewrite("user=u,password=\"p=a,ss w\\\"rd\\\\\",ro").credentials().orElseThrow())
                .isEqualTo(new SmbShareOptions.Credentials("u", "p=a,ss w\"rd\\", null));
        assertThat(rewrite("password='it''s, fine' ro").credentials().orElseThrow().password()).isEqualTo("its, fine");
        assertThat(rewrite("user=\"a,b\"").inFile()).isTrue();
    }

    @Test
    void theOperatorsOwnCredentialsFileGetsNoGuestUser() {
        assertThat(rewrite("credentials=/etc/cifs-cred,vers=3.0").optionValue(FILE))
                .isEqualTo("credentials=/etc/cifs-cred,vers=3.0");
    }

    @Test
    void whatCannotBePassedIsRefusedNamingTheShareAndTheOptionNeverTheValue() {
        assertRefused("password=\"unterminated, ro", "password");
        assertRefused("iocharset=\"a,b\"", "iocharset");
        assertRefused("password=\"a\nb\"", "password");
        assertThatThrownBy(() -> rewrite("password=\"top secret"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("top secret").contains("//127.0.0.1/share"));
    }

    @Test
    void displayedOptionsMaskEveryPasswordAndKeepTheRest() {
        assertThat(SmbShareOptions.displayed(new Share("//h/s", "-o user=u,password=\"p, w\",ro pass=x", "t")))
                .isEqualTo("-o user=u,password=***,ro pass=***");
        assertThat(SmbShareOptions.displayed(new Share("//h/s", "ro,password=\"never closed, ro", "t")))
                .isEqualTo("ro,password=***");
        assertThat(SmbShareOptions.displayed(new Share("//h/s", null, "t"))).isNull();
        assertThat(SmbShareOptions.parse(new Share("//h/s", "a,,b=1 -o", "t")))
                .extracting(SmbShareOptions.Option::name).isEqualTo(List.of("a", "b", "-o"));
        assertThat(Optional.of(rewrite("a").flags())).contains(List.of("a"));
    }
}
