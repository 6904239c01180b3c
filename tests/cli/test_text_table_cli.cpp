// `stridecue analyze` on delimited text: our trial CSV under any of its extensions, a lab's
// export through the profile in config/profiles that fits it, or the one --profile names.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

// Three seconds of a single-belt treadmill at 300 Hz in the RBDS layout (Time is the sample
// index from 1, mm, a Y-up Z-right lab): one 250 ms stance every 0.75 s.
void write_rbds_like(const std::string& path, const std::string& time_name = "Time") {
  std::ofstream f(path);
  f << time_name << "\tFx\tFy\tFz\tCOPx\tCOPy\tCOPz\tTy\n";
  for (int k = 0; k < 900; ++k) {
    const double t = k / 300.0;
    const double phase = std::fmod(t, 0.75);
    const double fy = phase < 0.25 ? 1500.0 * std::sin(phase / 0.25 * M_PI) : 0.0;
    f << fmt::format("{}\t0\t{:.2f}\t0\t{:.2f}\t0\t1200\t0\n", k + 1, fy, 2400.0 - 1000 * phase);
  }
}

}  // namespace

TEST_CASE("analyze reads a lab's .txt export with the profile that fits it", "[cli]") {
  TempDir dir("cli-txt");
  write_rbds_like(dir / "trial.txt");
  const auto r = run_program(kStridecue + " analyze " + (dir / "trial.txt") +
                             " --belt-speed-m-s 2.5 --format json --no-cues");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = r.out_lines();
  REQUIRE(lines.size() == 5);  // 4 stances, then the summary
  CHECK(lines[0].find("\"plate\":\"belt\"") != std::string::npos);
  CHECK(lines[0].find("\"contact_s\":0.0") != std::string::npos);
  CHECK(lines.back().starts_with("{\"summary\":{\"treadmill\":\"single\""));
}

TEST_CASE("analyze: our trial CSV written as .txt is still ours", "[cli]") {
  TempDir dir("cli-txt-csv");
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.1 --seed 3 --out " + (dir / "t.csv"))
              .exit_code == 0);
  std::filesystem::copy_file(dir / "t.csv", dir / "t.txt");
  const auto csv = run_program(kStridecue + " analyze " + (dir / "t.csv") + " --format json");
  const auto txt = run_program(kStridecue + " analyze " + (dir / "t.txt") + " --format json");
  REQUIRE(csv.exit_code == 0);
  CHECK(txt.exit_code == 0);
  CHECK(txt.out == csv.out);
}

TEST_CASE("analyze: a .txt no profile fits says why for each, and --profile overrides", "[cli]") {
  TempDir dir("cli-txt-none");
  write_rbds_like(dir / "renamed.txt", "Sample");
  const auto r = run_program(kStridecue + " analyze " + (dir / "renamed.txt"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir / "renamed.txt: not a stridecue trial CSV (its first column is not "
                         "time_s), and no column profile in ") != std::string::npos);
  CHECK(r.err.find("rbds_forces: " + (dir / "renamed.txt") +
                   ":1:1: first column is \"Sample\", expected \"Time\" (the profile's "
                   "time_column)") != std::string::npos);

  {
    std::ofstream f(dir / "sample.toml");
    f << "name = \"sample\"\nformat = \"delimited\"\nseparator = \"tab\"\n"
         "time_column = \"Sample\"\ntime_unit = \"sample_index\"\nrate_hz = 300\n"
         "first_index = 1\n[columns]\nFy = { plate = \"belt\", quantity = \"fz\" }\n";
  }
  const auto chosen = run_program(kStridecue + " analyze " + (dir / "renamed.txt") + " --profile " +
                                  (dir / "sample.toml") + " --format json");
  INFO(chosen.err);
  CHECK(chosen.exit_code == 0);
  CHECK(chosen.out_lines().size() == 5);
}
