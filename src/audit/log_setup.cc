#include "audit/log_setup.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "audit/private_log_sink.h"
#include "core/printable.h"

namespace arm {
namespace {

// %* : the message with control characters escaped (Printable), so a
// resource name or AWS text in a log line cannot drive the terminal.
class PrintableMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string text = Printable(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PrintableMessage>();
  }
};

}  // namespace

Status SetupLogging(FileSystem& fs, const LogOptions& options) {
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      options.colour ? spdlog::color_mode::automatic : spdlog::color_mode::never);
  auto console_format = std::make_unique<spdlog::pattern_formatter>();
  console_format->add_flag<PrintableMessage>('*').set_pattern("%^%l%$: %*");
  console->set_formatter(std::move(console_format));
  spdlog::level::level_enum console_level = spdlog::level::from_str(options.console_level);
  console->set_level(console_level);
  std::vector<spdlog::sink_ptr> sinks = {console};

  Status file_status;
  if (!options.log_dir.empty()) {
    std::string path = JoinPath(options.log_dir, kLogFileName);
    file_status = fs.CreateDirs(options.log_dir, 0700);
    if (file_status.ok()) file_status = fs.CheckPrivateFolder(options.log_dir);
    if (file_status.ok()) {
      auto file = PrivateRotatingFileSink::Open(path, options.max_file_bytes, options.max_files);
      if (file.ok()) {
        (*file)->set_level(spdlog::level::debug);
        auto file_format =
            std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
        file_format->add_flag<PrintableMessage>('*').set_pattern(
            "%Y-%m-%dT%H:%M:%S.%eZ [%l] [%P] %*");
        (*file)->set_formatter(std::move(file_format));
        sinks.push_back(*file);
      } else {
        file_status = file.status();
      }
    }
  }
  auto logger = std::make_shared<spdlog::logger>("arm", sinks.begin(), sinks.end());
  logger->set_level(std::min(console_level, spdlog::level::debug));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
  if (file_status.code() == StatusCode::kInvalidArgument) return file_status;
  if (!file_status.ok()) return file_status.WithContext("logging to the console only");
  return Status::Ok();
}

void FlushLogs() {
  if (auto logger = spdlog::default_logger()) logger->flush();
}

}  // namespace arm
