// `stridecue analyze` parses a file on a second CPU when it may use one (read_ahead_source.hpp):
// the output must be the same, byte for byte, as when it reads and analyses on one CPU.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

// The same command on CPU 0 alone (no read-ahead thread) and on every CPU this test may use.
std::pair<ProgramResult, ProgramResult> one_cpu_and_all(const std::string& args) {
  return {run_program("taskset -c 0 " + kStridecue + " " + args),
          run_program(kStridecue + " " + args)};
}

}  // namespace

TEST_CASE("analyze: the same JSON and CSV read ahead on a second CPU as on one", "[cli]") {
  TempDir dir("cli-read-ahead");
  const auto trial = dir / "trial.csv";
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.5 --seed 18 --out " + trial).exit_code ==
          0);
  const std::string runner = " --runner " + dir / "trial.runner.toml";
  for (const char* format : {"json", "csv"}) {
    INFO(format);
    const auto [one, all] = one_cpu_and_all("analyze " + trial + " --format " + format + runner);
    CHECK(one.exit_code == 0);
    CHECK(all.exit_code == 0);
    CHECK(one.out.size() > 10000);  // strides and cues, not an empty run
    CHECK(all.out == one.out);
    CHECK(all.err == one.err);
  }
}

TEST_CASE("analyze: a bad row far into the file is reported the same read ahead", "[cli]") {
  TempDir dir("cli-read-ahead-bad");
  const auto trial = dir / "trial.csv";
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.5 --seed 18 --out " + trial).exit_code ==
          0);
  {
    std::ofstream f(trial, std::ios::app);
    f << "999.0,1\n";  // after the last row: found only when reading gets there
  }
  const auto [one, all] = one_cpu_and_all("analyze " + trial + " --format json");
  CHECK(one.exit_code == 2);
  CHECK(all.exit_code == 2);
  CHECK_THAT(one.err, Catch::Contains(trial + ":"));
  CHECK(all.err == one.err);
  CHECK(all.out == one.out);  // the strides before it, then nothing
}
