package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.Capability;

/** The written-out equality of {@link VolumeFormat} means what a record's own does: every component. */
class VolumeFormatTest {

    @Test
    void aFormatWithTheSameComponentsIsEqualAndHashesAlike() {
        VolumeFormat copy = new VolumeFormat("qcow2", ImageFormat.QCOW2, "qcow2", List.of(Capability.QCOW2), true, true,
                List.of("preallocation=metadata"), List.of());

        assertThat(copy).isEqualTo(VolumeFormat.QCOW2).hasSameHashCodeAs(VolumeFormat.QCOW2);
    }

    @Test
    void anyComponentThatDiffersMakesAnotherFormat() {
        VolumeFormat raw = VolumeFormat.RAW;

        assertThat(List.of(
                new VolumeFormat("other", raw.imageFormat(), raw.extension(), raw.offeredBy(), raw.snapshots(),
                        raw.resizableInPlace(), raw.createOptions(), raw.convertOptions()),
                new VolumeFormat(raw.name(), ImageFormat.QCOW2, raw.extension(), raw.offeredBy(), raw.snapshots(),
                        raw.resizableInPlace(), raw.createOptions(), raw.convertOptions()),
                new VolumeFormat(raw.name(), raw.imageFormat(), "img", raw.offeredBy(), raw.snapshots(),
                        raw.resizableInPlace(), raw.createOptions(), raw.convertOptions()),
                new VolumeFormat(raw.name(), raw.imageFormat(), raw.extension(), List.of(Capability.THIN), raw.snapshots(),
                        raw.resizableInPlace(), raw.createOptions(), raw.convertOptions()),
                new VolumeFormat(raw.name(), raw.imageFormat(), raw.extension(), raw.offeredBy(), false,
                        raw.resizableInPlace(), raw.createOptions(), raw.convertOptions()),
                new VolumeFormat(raw.name(), raw.imageFormat(), raw.extension(), raw.offeredBy(), raw.snapshots(),
                        false, raw.createOptions(), raw.convertOptions()),
                new VolumeFormat(raw.name(), raw.imageFormat(), raw.extension(), raw.offeredBy(), raw.snapshots(),
                        raw.resizableInPlace(), List.of("x=y"), raw.convertOptions()),
                new VolumeFormat(raw.name(), raw.imageFormat(), raw.extension(), raw.offeredBy(), raw.snapshots(),
                        raw.resizableInPlace(), raw.createOptions(), List.of("x=y"))))
                .allSatisfy(other -> assertThat(other).isNotEqualTo(raw));
    }
}
