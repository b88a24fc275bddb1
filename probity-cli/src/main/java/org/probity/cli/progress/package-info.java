/** Progress of long work: live bars on a terminal, periodic plain lines otherwise. */
package org.probity.cli.progress;
