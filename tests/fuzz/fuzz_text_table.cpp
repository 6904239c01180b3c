// libFuzzer harness for the text-table reader: every input is read through three built-in
// profiles (so the harness needs no files), one per way of reading a table: an OpenSim storage
// header with whitespace fields and times in seconds; a tab-separated export whose time is a
// sample index (the RBDS layout); and a comma-separated export after skipped lines, with times
// in seconds and a semicolon twin. Regression inputs live in corpus/text_table/.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "drain_for_fuzzing.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"

namespace {

stridecue::ColumnProfile parse_or_trap(const char* toml) {
  auto parsed = stridecue::parse_column_profile(toml, "fuzz_profile.toml");
  if (!parsed) __builtin_trap();
  return *parsed;
}

constexpr const char* opensim_toml = R"(
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
  )";

constexpr const char* sample_index_toml = R"(
    name = "rbds_forces"
    format = "delimited"
    separator = "tab"
    time_column = "Time"
    time_unit = "sample_index"
    rate_hz = 300
    first_index = 1
    [columns]
    Fx = { plate = "belt", quantity = "fx" }
    Fy = { plate = "belt", quantity = "fz" }
    Fz = { plate = "belt", quantity = "fy", sign = -1 }
    COPz = { plate = "belt", quantity = "copy", scale = 0.001, sign = -1 }
    Ty = { plate = "belt", quantity = "tz", scale = 1e35 }
  )";

constexpr const char* comma_toml = R"(
    name = "lab"
    format = "delimited"
    separator = "comma"
    skip_lines = 2
    time_column = "t"
    [columns]
    Fz = { plate = "left", quantity = "fz" }
    CoPx = { plate = "left", quantity = "copx", scale = 0.001 }
    Fz2 = { plate = "right", quantity = "fz" }
  )";

// The four profiles every input is read through, parsed once.
const std::vector<stridecue::ColumnProfile>& profiles() {
  static const std::vector<stridecue::ColumnProfile> all = [] {
    stridecue::ColumnProfile semicolon = parse_or_trap(comma_toml);
    semicolon.separator = stridecue::TableSeparator::semicolon;
    return std::vector{parse_or_trap(opensim_toml), parse_or_trap(sample_index_toml),
                       parse_or_trap(comma_toml), semicolon};
  }();
  return all;
}

int read_through(const std::string& text, const stridecue::ColumnProfile& profile) {
  std::istringstream file(text);
  stridecue::TextTableReader reader(file, "fuzz.txt", profile);
  return stridecue::fuzz::drain(reader);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  int sum = 0;
  for (const stridecue::ColumnProfile& profile : profiles())
    sum += read_through(text, profile);
  return sum;
}
