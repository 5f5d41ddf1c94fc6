package org.remotefs.tck;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The whole TCK against localfs with Cinder's SMB names ({@code localfs_volume_file_names =
 * extension}): what CI runs on every build beside {@link LocalFsTckIT}, so that every contract
 * holds under both namings. Its tests are named {@code [localfs-extension-names]}.
 */
@Suite
@SelectPackages("org.remotefs.tck.contract")
@IncludeClassNamePatterns(".*Contract")
@ConfigurationParameter(key = "remotefs.tck.binding", value = "org.remotefs.tck.LocalFsExtensionNamesTckBinding")
@ConfigurationParameter(key = "remotefs.tck.report.dir", value = "target/remotefs-tck")
class LocalFsExtensionNamesTckIT {
}
