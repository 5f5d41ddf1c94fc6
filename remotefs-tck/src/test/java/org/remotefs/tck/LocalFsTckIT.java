package org.remotefs.tck;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The whole TCK against the built-in localfs backend: what CI runs on every build. */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.binding", value = "org.remotefs.tck.LocalFsTckBinding")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class LocalFsTckIT {
}
