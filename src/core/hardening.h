#pragma once
// Process-wide protections set first thing in main: the process holds AWS
// credentials, and runs from cron on shared hosts.
namespace arm {

// umask 077 (every file and folder created private, log rotations and
// libraries' files included), no core dump (RLIMIT_CORE 0) and not dumpable
// (PR_SET_DUMPABLE 0: no core, no ptrace by other processes of the user).
// Best effort: a refused setting leaves the others applied.
void HardenProcess();

}  // namespace arm
