/**
 * The picocli commands: each parses, validates (bad input: one line naming the option, exit code 2), calls an engine
 * or io service and prints. A loss family's options are added to every command from the family registry.
 */
package org.gdsweep.cli;
