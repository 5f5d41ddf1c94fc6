/**
 * The driver registry: discovery of providers with ServiceLoader, loud and precise errors, one driver per configured backend, and the host services it makes and closes.
 */
package org.remotefs.core.registry;
