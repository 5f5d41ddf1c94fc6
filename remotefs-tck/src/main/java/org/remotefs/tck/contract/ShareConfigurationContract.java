package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Volume;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Tck;
import org.remotefs.tck.TckBackend;

/** The shares file read by Cinder's rules: bad lines skipped, the others served; a missing file an error. */
@RemoteFsContract
class ShareConfigurationContract {

    private static TckBackend open(Tck tck, List<String> lines) throws Exception {
        Optional<TckBackend> backend = tck.binding().openWithSharesFile(tck.scratch("shares"), lines);
        Assumptions.assumeTrue(backend.isPresent(), "the binding offers no shares-file configuration");
        tck.cleanup(() -> {
            try {
                backend.get().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return backend.get();
    }

    @Test
    void commentsBlankAndBadLinesAreSkippedAndTheGoodSharesServe(Tck tck) throws Exception {
        List<String> valid = tck.binding().validShareLines(tck.scratch("lines"), 2);
        Assumptions.assumeTrue(valid.size() == 2, "the binding offers no share lines");
        List<String> lines = new ArrayList<>(List.of("# a comment", "", "   "));
        lines.add(valid.get(0));
        lines.add("  " + valid.get(1).strip());
        lines.add("no-such-share-format");
        lines.add(valid.get(1));
        TckBackend backend = open(tck, lines);

        List<ShareState> shares = backend.driver().shares();
        assertThat(shares).extracting(ShareState::address)
                .containsExactly(valid.get(0).split(" ")[0], valid.get(1).split(" ")[0]);
        Volume volume = tck.newVolume(backend.driver(), 1);
        assertThat(shares).extracting(ShareState::address).contains(volume.providerLocation());
    }

    @Test
    void aSharesFileWithNoUsableLineServesNothingAndSaysSo(Tck tck) throws Exception {
        ErrorCode code;
        Optional<TckBackend> backend = Optional.empty();
        try {
            backend = tck.binding().openWithSharesFile(tck.scratch("bad"), List.of("no-such-share-format", "# only"));
            Assumptions.assumeTrue(backend.isPresent(), "the binding offers no shares-file configuration");
            TckBackend opened = backend.get();
            code = Tck.codeOf(() -> opened.driver().createVolume(Volume.create(java.util.UUID.randomUUID().toString(), 1)));
        } catch (org.remotefs.api.RemoteFsException e) {
            code = e.code();
        } finally {
            if (backend.isPresent()) {
                backend.get().close();
            }
        }
        assertThat(code).isIn(ErrorCode.NO_SHARES_MOUNTED, ErrorCode.INVALID_CONFIGURATION_VALUE);
    }
}
