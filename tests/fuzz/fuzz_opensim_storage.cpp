// libFuzzer harness for the OpenSim storage reader with the OpenSim GRF profile (built in, so
// the harness needs no files). Regression inputs live in corpus/opensim_storage/.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "drain_for_fuzzing.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"

namespace {

const stridecue::ColumnProfile& grf_profile() {
  static const stridecue::ColumnProfile profile = [] {
    std::string error;
    auto parsed = stridecue::parse_column_profile(R"(
      name = "opensim_grf"
      [columns]
      R_ground_force_vx = { plate = "right", quantity = "fx" }
      R_ground_force_vy = { plate = "right", quantity = "fz" }
      R_ground_force_vz = { plate = "right", quantity = "fy", scale = -1.0 }
      R_ground_force_px = { plate = "right", quantity = "copx" }
      R_ground_force_pz = { plate = "right", quantity = "copy", scale = -1.0 }
      R_ground_torque_y = { plate = "right", quantity = "tz" }
      L_ground_force_vy = { plate = "left", quantity = "fz" }
      L_ground_force_vz = { plate = "left", quantity = "fy", scale = -1e30 }
    )",
                                                  "fuzz_profile.toml", &error);
    if (!parsed) __builtin_trap();
    return *parsed;
  }();
  return profile;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  stridecue::TextTableReader reader(file, "fuzz.mot", grf_profile());
  return stridecue::fuzz::drain(reader);
}
