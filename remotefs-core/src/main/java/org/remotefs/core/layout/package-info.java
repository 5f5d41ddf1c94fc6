/**
 * The on-share layout: volume file names, the info file written byte for byte as Cinder writes it, and the inventory that finds volumes by their files. Internal; its rules are Cinder's and the same for every backend.
 */
package org.remotefs.core.layout;
