#include "schedule/install.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

namespace arm {
namespace {

std::string ReconcileCommand(const InstallSpec& spec, bool shell) {
  auto q = [&](const std::string& s) {
    if (shell) return ShellQuote(s);
    // systemd: quote with "" when needed, escaping \ and " and %.
    bool plain = !s.empty() && s.find_first_of(" \t\"'\\%$;") == std::string::npos;
    if (plain) return s;
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '%') out += '%';
      if (c == '$') out += '$';
      out += c;
    }
    return out + "\"";
  };
  std::string cmd;
  if (shell)
    for (const auto& [key, value] : spec.env) cmd += key + "=" + ShellQuote(value) + " ";
  cmd += q(spec.binary);
  if (!spec.config.empty()) cmd += " --config " + q(spec.config);
  for (const auto& f : spec.flags) cmd += " " + q(f);
  cmd += " --state-file " + q(spec.state_file) + " reconcile --force";
  return cmd;
}

// A path as a systemd setting reads it: % starts a specifier.
std::string SystemdPath(const std::string& path) {
  std::string out;
  for (char c : path) out += c == '%' ? std::string("%%") : std::string(1, c);
  return out;
}

// Environment="KEY=value" lines, quoted and with specifiers escaped.
std::string SystemdEnvironment(const InstallSpec& spec) {
  std::string out;
  for (const auto& [key, value] : spec.env) {
    std::string v;
    for (char c : value) {
      if (c == '"' || c == '\\') v += '\\';
      v += c == '%' ? std::string("%%") : std::string(1, c);
    }
    out += "Environment=\"" + key + "=" + v + "\"\n";
  }
  return out;
}

}  // namespace

std::string ShellQuote(const std::string& s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("/._-+=:,@").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '%') {
      out += "\\%";  // cron turns a bare % into a newline
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string CronMarker(const InstallSpec& spec) {
  std::string state;
  for (char c : spec.state_file) state += c == '\n' || c == '\r' ? ' ' : c;
  return "# aws-resource-manager reconcile " +
         (spec.project.empty() ? "(no project)" : spec.project) +
         (spec.environment.empty() ? "" : " " + spec.environment) + " " + state;
}

std::string CronLine(const InstallSpec& spec) {
  // every_minutes divides the hour (1 ... 30, or 60: once an hour, on the hour).
  std::string when = spec.every_minutes == 1    ? "*"
                     : spec.every_minutes >= 60 ? "0"
                                                : "*/" + std::to_string(spec.every_minutes);
  return when + " * * * * cd " + ShellQuote(spec.working_dir) + " && " +
         ReconcileCommand(spec, true) + " >> " + ShellQuote(spec.log_file) + " 2>&1 " +
         CronMarker(spec);
}

std::string MergeCrontab(const std::string& crontab, const std::string& line,
                         const std::string& marker) {
  std::istringstream in(crontab);
  std::string out, l;
  bool replaced = false;
  while (std::getline(in, l)) {
    if (l.size() >= marker.size() && l.ends_with(marker)) {
      if (!replaced) out += line + "\n";
      replaced = true;
      continue;
    }
    out += l + "\n";
  }
  if (!replaced) out += line + "\n";
  return out;
}

std::string UnitName(const InstallSpec& spec) {
  std::string p;
  for (const std::string& part : {spec.project, spec.environment}) {
    if (part.empty()) continue;
    p += "-";
    for (char c : part)
      p += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
  }
  return "aws-resource-manager-reconcile" + p;
}

std::string SystemdService(const InstallSpec& spec) {
  return "[Unit]\nDescription=aws-resource-manager reconcile" +
         (spec.project.empty() ? "" : " (" + spec.project + ")") +
         ": park and start on the schedule\n\n[Service]\nType=oneshot\nWorkingDirectory=" +
         SystemdPath(spec.working_dir) + "\n" + SystemdEnvironment(spec) +
         "ExecStart=" + ReconcileCommand(spec, false) + "\n";
}

std::string SystemdTimer(const InstallSpec& spec) {
  return "[Unit]\nDescription=Run " + UnitName(spec) + " every " +
         std::to_string(spec.every_minutes) + " minutes\n\n[Timer]\nOnCalendar=" +
         (spec.every_minutes >= 60 ? std::string("*:00")
                                   : "*:0/" + std::to_string(spec.every_minutes)) +
         "\n# A run missed while the host was down happens at boot (reconcile applies the last "
         "transition it missed).\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n";
}

}  // namespace arm
