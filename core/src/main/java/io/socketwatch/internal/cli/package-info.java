/** socketwatch's command line: {@link io.socketwatch.internal.cli.Main} and its commands. Not API. */
package io.socketwatch.internal.cli;
