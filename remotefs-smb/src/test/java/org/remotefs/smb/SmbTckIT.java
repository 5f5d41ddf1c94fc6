package org.remotefs.smb;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The whole TCK against the SMB backend (tmpfs stand-in shares): {@code mvn -B verify -pl remotefs-smb -am}. */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class SmbTckIT {
}
