/**
 * Volume locks in Apache ZooKeeper through Apache Curator's framework, lock-compatible with Python
 * Cinder's coordination (tooz's ZooKeeper driver, kazoo's {@code Lock} recipe):
 * {@code remotefs.coordination.backend_url = "zookeeper://host:2181[,host:2181][?timeout=S&namespace=NS]"}.
 * Found by the host through {@code META-INF/services/org.remotefs.api.spi.HostServiceProvider};
 * internal otherwise.
 */
package org.remotefs.zookeeper;
