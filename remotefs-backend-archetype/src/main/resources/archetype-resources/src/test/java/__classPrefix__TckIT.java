package ${package};

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every TCK contract against the ${backendId} backend (mvn verify); the binding is found through
 * META-INF/services. The conformance report is written to target/remotefs-tck.
 */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class ${classPrefix}TckIT {
}
