package org.remotefs.core.volume;

/** Image formats a header can reveal, named as qemu-img names them. */
public enum ImageFormat {
    RAW("raw"),
    QCOW2("qcow2"),
    LUKS("luks"),
    VHDX("vhdx"),
    VPC("vpc"),
    VMDK("vmdk"),
    QCOW("qcow"),
    QED("qed");

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name {@code qemu-img -f} takes. */
    public String qemuName() {
        return qemuName;
    }
}
