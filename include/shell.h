/* The interactive shell on the console (kernel/shell*.c). */
#ifndef PAGODA_SHELL_H
#define PAGODA_SHELL_H

/*
 * Run the commands of `run="cmd; cmd; ..."` on cmdline, each echoed after the prompt as if
 * typed, then read commands from the console (include/console_input.h) forever. Only the
 * `poweroff` command ends it.
 */
__attribute__((noreturn)) void shell_main(const char *cmdline);

#endif
