#pragma once
// Logging: the console (stderr) at the chosen level, coloured only when asked
// (terminal and no NO_COLOR), and LOG_DIR/aws-resource-manager.log at DEBUG,
// rotated by size. The file is written through a buffer: info, warn and
// error lines are flushed at once, debug lines (one per AWS call) at least
// every second and by FlushLogs() at exit, so a 50-worker run does not make a
// write(2) per call while holding the sink's lock. Nothing logged may carry a secret: callers log
// names, hosts, paths, status codes and request ids, never headers or bodies.
#include <cstddef>
#include <string>

#include "core/file_system.h"
#include "core/status.h"

namespace arm {

inline constexpr char kLogFileName[] = "aws-resource-manager.log";

struct LogOptions {
  std::string log_dir;        // "" = console only
  std::string console_level;  // trace debug info warn error off
  bool colour = false;
  size_t max_file_bytes = 5 * 1024 * 1024;
  size_t max_files = 3;  // rotated copies kept besides the current file
};

// Installs the default spdlog logger. When the log folder or file cannot be
// made the console still works and the returned Status says why. The file is
// opened as PrivateRotatingFileSink does (no symlink, 0600, ours, after each
// rotation too); a log folder others could write to or owned by another user
// (FileSystem::CheckPrivateFolder), or a refused file, is InvalidArgument:
// the caller ends the run (exit 2).
Status SetupLogging(FileSystem& fs, const LogOptions& options);

// Writes out whatever the default logger's sinks still buffer.
void FlushLogs();

}  // namespace arm
