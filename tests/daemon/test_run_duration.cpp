// The config's own session length (issue 15): `source.simulator.duration_s` in the file ends
// `stridecue run --config` and `stridecued` by themselves; `--seconds` overrides it. Only that
// each ends is checked (a generous `timeout` turns "never" into exit 124), not how long it took.
#include <catch2/catch.hpp>

#include "daemon/daemon_process.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;

namespace {

std::string short_run_config(const std::filesystem::path& dir) {
  return test::test_config(dir,
                           "[source.simulator]\nduration_s = 2.0\n\n[audio]\nenabled = false\n");
}

}  // namespace

TEST_CASE("stridecue run --config ends by itself after the file's simulator duration",
          "[daemon][run]") {
  test::TempDir dir("run-duration");
  const auto config = dir.path() / "stridecue.toml";
  std::ofstream(config) << short_run_config(dir.path());
  const test::ProgramResult run =
      test::run_program("timeout 120 " + std::string(test::cli_path()) + " run --config " +
                        config.string() + " --no-api");
  INFO(run.err);
  CHECK(run.exit_code == 0);  // 124: still running when `timeout` gave up on it
  CHECK_THAT(run.out, Catch::Contains("; 2 s (Ctrl-C stops)"));

  // --seconds is the session's length, whatever the file says (the header tells which won).
  const test::ProgramResult flag =
      test::run_program("timeout 120 " + std::string(test::cli_path()) + " run --config " +
                        config.string() + " --no-api --seconds 1");
  INFO(flag.err);
  CHECK(flag.exit_code == 0);
  CHECK_THAT(flag.out, Catch::Contains("; 1 s (Ctrl-C stops)"));
}

TEST_CASE("stridecued ends by itself after the file's simulator duration", "[daemon][run]") {
  test::TempDir dir("daemon-duration");
  test::DaemonProcess daemon(dir.path(), short_run_config(dir.path()));
  CHECK(daemon.wait_exit(120.0) == 0);
}
