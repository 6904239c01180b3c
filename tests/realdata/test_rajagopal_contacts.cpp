// Real recorded gait (Rajagopal et al. 2016, OpenSim pipeline data): the engine must find
// every stance, and time the right foot strikes where the pipeline's own scripts put them.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/gait_engine.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "support/engine_run.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

std::vector<StrideRecord> analyse_mot(const std::filesystem::path& file,
                                      const std::string& profile_name) {
  std::string error;
  auto profile = value_or_error(load_column_profile(std::filesystem::path(test::source_dir()) /
                                                    "config/profiles" / (profile_name + ".toml")),
                                &error);
  REQUIRE(error.empty());
  REQUIRE(profile);
  REQUIRE(std::filesystem::exists(file));  // the data live in $STRIDECUE_DATA, not the repo
  auto source = open_text_table(file, *profile);
  return test::run_engine(*source);
}

}  // namespace

TEST_CASE("grf_run.mot: 7 right and 7 left contacts, right strikes at 0.863 s and 1.546 s",
          "[realdata]") {
  const auto strides = analyse_mot(test::data_dir() / "rajagopal/grf_run.mot", "opensim_grf");
  std::vector<double> right, left;
  for (const auto& s : strides)
    (s.side == Side::right ? right : left).push_back(s.contact_s);
  CHECK(right.size() == 7);
  CHECK(left.size() == 7);
  REQUIRE(right.size() >= 2);
  // The pipeline's own reference values (opensim-models, Pipelines/Rajagopal).
  CHECK(std::abs(right[0] - 0.863) <= 0.010);
  CHECK(std::abs(right[1] - 1.546) <= 0.010);
  for (const auto& s : strides) {
    CHECK(s.contact_time_ms > 200.0);  // running stances at this speed: ~250 ms
    CHECK(s.contact_time_ms < 300.0);
  }
}

TEST_CASE("grf_walk.mot: right foot strikes at 0.248 s and 1.3925 s", "[realdata]") {
  const auto strides =
      analyse_mot(test::data_dir() / "rajagopal/grf_walk.mot", "opensim_grf_suffix");
  std::vector<double> right;
  for (const auto& s : strides) {
    if (s.side == Side::right) right.push_back(s.contact_s);
  }
  // The first right strike at 0.248 s comes 0.15 s into the trial, after an unloaded plate.
  REQUIRE(right.size() >= 1);
  const double first = right.front();
  CHECK(std::abs(first - 0.248) <= 0.010);
  if (right.size() >= 2) CHECK(std::abs(right[1] - 1.3925) <= 0.010);
}
