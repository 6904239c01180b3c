// The Rajagopal et al. (2016) running trial's ground reaction forces (grf_run.mot), read
// through the shipped OpenSim GRF profile. Data from $STRIDECUE_DATA, else the build's
// default data folder.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "drivers/drained_source.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "support/shipped_profile.hpp"
#include "support/test_paths.hpp"

namespace stridecue {
namespace {

std::filesystem::path data_dir() {
  const char* from_env = std::getenv("STRIDECUE_DATA");
  return from_env != nullptr && *from_env != '\0' ? from_env : test::default_data_dir();
}

TEST_CASE("opensim storage: Rajagopal grf_run.mot", "[realdata][opensim]") {
  const auto path = data_dir() / "rajagopal" / "grf_run.mot";
  if (!std::filesystem::exists(path)) FAIL("missing " << path.string() << "; set STRIDECUE_DATA");
  const ColumnProfile profile = test::shipped_column_profile("opensim_grf.toml");

  auto source = open_text_table(path, profile);
  INFO(source->failure());
  REQUIRE(source->failure().empty());
  const StreamInfo& force = source->layout().streams.at(0);
  CHECK(force.rate_hz == 1000.0);
  CHECK(force.start_time_s == Approx(0.23));
  CHECK(force.channels.size() == 12);
  const std::size_t right_fz = force.find(Quantity::force_z, Plate::right).value();
  const std::size_t right_fy = force.find(Quantity::force_y, Plate::right).value();
  const std::size_t right_copy = force.find(Quantity::cop_y, Plate::right).value();

  const auto drained = test::drain(*source);
  REQUIRE(drained.status == SourceStatus::end);
  const std::size_t channels = force.channels.size();
  CHECK(drained.frames(0, channels) == 5091);
  CHECK(drained.samples[0][right_fz] == Approx(1194.667969));
  CHECK(drained.samples[0][right_fy] == Approx(-54.175838));  // OpenSim +z (right) is our -y
  CHECK(drained.samples[0][right_copy] == Approx(0.332055));
}

}  // namespace
}  // namespace stridecue
