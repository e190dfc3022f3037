// Composition root: the only place real seams are built.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "version.h"

int main(int argc, char** argv) {
  CLI::App app{"Parks an application's AWS resources when nobody needs them and restores them exactly."};
  app.set_version_flag("--version", std::string("aws-resource-manager ") + ARM_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  for (const char* name : {"status", "stop", "start", "plan", "snapshot", "history"}) {
    auto* sub = app.add_subcommand(name, std::string(name) + " (not implemented yet)");
    sub->allow_extras();
    sub->callback([name, &exit_code] {
      std::cerr << "aws-resource-manager: '" << name << "' is not implemented yet\n";
      exit_code = 2;
    });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return exit_code;
}
