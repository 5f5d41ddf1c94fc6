package org.remotefs.nfs;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The whole TCK against the NFS backend (tmpfs stand-in exports): {@code mvn -B verify -pl remotefs-nfs -am}. */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class NfsTckIT {
}
