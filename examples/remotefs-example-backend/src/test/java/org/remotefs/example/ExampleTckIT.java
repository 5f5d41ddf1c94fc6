package org.remotefs.example;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The TCK against the example backend; its binding is found through META-INF/services. */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class ExampleTckIT {
}
