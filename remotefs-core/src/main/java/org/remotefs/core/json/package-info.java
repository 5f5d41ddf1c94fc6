/**
 * The JSON mapper with Cinder's key names. Internal.
 */
package org.remotefs.core.json;
