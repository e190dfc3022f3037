#include "resources/wait.h"

#include <algorithm>

namespace arm {

std::string FormatElapsed(std::chrono::milliseconds d) {
  long long s = d.count() / 1000;
  if (s < 60) return std::to_string(s) + "s";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%lldm%02llds", s / 60, s % 60);
  return buf;
}

WaitSpec WaitFor(const ApplyOptions& options, std::string what, std::chrono::milliseconds first,
                 std::chrono::milliseconds max) {
  WaitSpec spec;
  spec.timeout = std::chrono::seconds(options.wait_timeout_seconds);
  spec.interrupted = options.interrupted;
  spec.first_interval = first;
  spec.max_interval = max;
  spec.what = std::move(what);
  return spec;
}

Status WaitUntil(Clock& clock, const WaitSpec& spec,
                 const std::function<Result<bool>(std::string*)>& check,
                 const std::function<void(const std::string&)>& progress) {
  auto start = clock.Monotonic();
  auto interval = spec.first_interval;
  std::string last_text;
  std::chrono::milliseconds last_report{0};
  for (;;) {
    std::string text;
    Result<bool> done = check(&text);
    if (!done.ok()) return done.status();
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock.Monotonic() - start);
    // Report a change of status at once, an unchanged one every 15 s.
    if (progress && !text.empty() &&
        (text != last_text || elapsed - last_report >= std::chrono::seconds(15))) {
      progress(text + " (" + FormatElapsed(elapsed) + ")");
      last_text = text;
      last_report = elapsed;
    }
    if (*done) return Status::Ok();
    if (elapsed >= spec.timeout) {
      return Status::Aws("WaitTimeout",
                         "gave up waiting for " + spec.what + " after " + FormatElapsed(elapsed) +
                             (text.empty() ? "" : " (last status: " + text + ")"),
                         0, "", false);
    }
    // In pieces, so that Ctrl-C ends a long wait at once, not after it.
    auto sleep = std::min(interval, spec.timeout - elapsed + std::chrono::milliseconds(1));
    while (sleep.count() > 0) {
      if (spec.interrupted != nullptr && spec.interrupted->load())
        return Status::Interrupted("interrupted while waiting for " + spec.what +
                                   " (its change was made; the next run sees it through)");
      const auto piece =
          spec.interrupted != nullptr ? std::min(sleep, std::chrono::milliseconds(250)) : sleep;
      clock.SleepFor(piece);
      sleep -= piece;
    }
    interval = std::min(spec.max_interval, interval * 2);
  }
}

}  // namespace arm
