// The RBDS treadmill force exports ($STRIDECUE_DATA/rbds, see shared/data/README.md): plain
// tab-separated tables whose Time is a sample index at 300 Hz, in mm and N·mm, in a Y-up
// Z-right lab. Read through the shipped profile they must come out in our frame and units, and
// `stridecue analyze FILE.txt` must find that profile by itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "drivers/drained_source.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "support/run_program.hpp"
#include "support/shipped_profile.hpp"
#include "support/test_paths.hpp"

namespace stridecue {
namespace {

const char* const rbds_files[] = {"RBDS001runT25forces.txt", "RBDS0041runT252forces.txt"};

std::filesystem::path rbds_file(const std::string& name) {
  const auto path = test::data_dir() / "rbds" / name;
  INFO("missing " << path.string() << "; set STRIDECUE_DATA");
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  return path;
}

double median(std::vector<double> values) {
  REQUIRE_FALSE(values.empty());
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

TEST_CASE("RBDS force exports read through the shipped profile", "[realdata][rbds]") {
  const ColumnProfile profile = test::shipped_column_profile("rbds_forces.toml");

  for (const char* name : rbds_files) {
    INFO(name);
    auto source = open_text_table(rbds_file(name), profile);
    INFO(source->failure());
    REQUIRE(source->failure().empty());
    const StreamInfo& force = source->layout().streams.at(0);
    CHECK(force.rate_hz == 300.0);
    CHECK(force.start_time_s == 0.0);
    const std::size_t channels = force.channels.size();
    REQUIRE(channels == 6);
    const std::size_t fz = force.find(Quantity::force_z, Plate::belt).value();
    const std::size_t cop_x = force.find(Quantity::cop_x, Plate::belt).value();
    const std::size_t cop_y = force.find(Quantity::cop_y, Plate::belt).value();

    const auto drained = test::drain(*source);
    REQUIRE(drained.status == SourceStatus::end);
    const std::size_t frames = drained.frames(0, channels);
    CHECK(frames == 9000);
    CHECK(static_cast<double>(frames) / force.rate_hz == 30.0);

    double peak_fz = 0.0;
    std::vector<double> stance_cop_x;
    std::vector<double> stance_cop_y;
    for (std::size_t f = 0; f < frames; ++f) {
      const float* frame = &drained.samples[0][f * channels];
      peak_fz = std::max(peak_fz, static_cast<double>(frame[fz]));
      if (frame[fz] < 200.0F) continue;  // the COP means something in stance only
      stance_cop_x.push_back(frame[cop_x]);
      stance_cop_y.push_back(frame[cop_y]);
    }
    CHECK(peak_fz > 1200.0);  // Y up became our z: 1.8–2.7 body weights
    CHECK(peak_fz < 2200.0);
    // COPz ≈ +0.9 … +1.6 m to the right in their frame: our y (left) is its negative.
    CHECK(median(stance_cop_y) < -1.0);
    CHECK(median(stance_cop_y) > -1.6);
    CHECK(*std::max_element(stance_cop_y.begin(), stance_cop_y.end()) < -0.9);
    CHECK(*std::min_element(stance_cop_y.begin(), stance_cop_y.end()) > -1.7);
    // COPx in mm became m: the feet land 1.5–3 m along the lab's x.
    CHECK(*std::min_element(stance_cop_x.begin(), stance_cop_x.end()) > 1.5);
    CHECK(*std::max_element(stance_cop_x.begin(), stance_cop_x.end()) < 3.0);
  }
}

TEST_CASE("stridecue analyze finds the RBDS profile for a .txt export", "[realdata][rbds]") {
  for (const char* name : rbds_files) {
    INFO(name);
    const auto result =
        test::run_program(std::string(test::cli_path()) + " analyze '" + rbds_file(name).string() +
                          "' --belt-speed-m-s 2.5 --format json");
    INFO(result.err);
    CHECK(result.exit_code == 0);
    const auto lines = result.out_lines();
    const auto strides = std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
      return line.starts_with("{\"stride\":");
    });
    CHECK(strides > 60);  // ~78 steps in 30 s at ~157 steps/min
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back().starts_with("{\"summary\":{\"treadmill\":\"single\""));
  }
}

}  // namespace
}  // namespace stridecue
