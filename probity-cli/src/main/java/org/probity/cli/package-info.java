/** The probity command line. */
package org.probity.cli;
