// Column profiles from TOML: the shipped OpenSim profile, and errors that point into the file.
#include <catch2/catch.hpp>

#include <string>

#include "files/column_profile.hpp"
#include "support/shipped_profile.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

namespace stridecue {
namespace {

std::string error_of(const std::string& toml) {
  std::string error;
  CHECK_FALSE(value_or_error(parse_column_profile(toml, "p.toml"), &error).has_value());
  return error;
}

TEST_CASE("column profile: the shipped OpenSim GRF profile", "[profile]") {
  const ColumnProfile profile = test::shipped_column_profile("opensim_grf.toml");
  CHECK(profile.name == "opensim_grf");
  CHECK(profile.time_column == "time");
  CHECK(profile.columns.size() == 12);
  const ColumnMapping* vz = profile.find("R_ground_force_vz");
  REQUIRE(vz != nullptr);
  CHECK(vz->plate == Plate::right);
  CHECK(vz->quantity == Quantity::force_y);
  CHECK(vz->scale == -1.0);
  const ColumnMapping* vy = profile.find("L_ground_force_vy");
  REQUIRE(vy != nullptr);
  CHECK(vy->plate == Plate::left);
  CHECK(vy->quantity == Quantity::force_z);
  CHECK(vy->scale == 1.0);
  CHECK(profile.find("R_ground_force_py") == nullptr);
}

TEST_CASE("column profile: errors name file, line and column", "[profile][errors]") {
  const std::string columns = "[columns]\nFz = { plate = \"belt\", quantity = \"fz\" }\n";
  CHECK(error_of("nmae = \"x\"\n" + columns) ==
        "p.toml:1:1: unknown key \"nmae\"; allowed: name, description, format, separator, "
        "skip_lines, time_column, time_unit, rate_hz, first_index, columns");
  CHECK(error_of("name = 3\n" + columns) == "p.toml:1:8: name must be a string");
  CHECK(error_of("name = \"x\"\n") ==
        "p.toml:1:1: the profile maps no columns (add a [columns] table)");
  CHECK(error_of("[columns]\nFz = { plate = \"belt\", quantity = \"fz\", offset = 2 }\n") ==
        "p.toml:2:41: unknown key \"offset\" in column \"Fz\"; allowed: plate, quantity, scale, "
        "sign");
  CHECK(error_of("[columns]\nFz = { plate = \"belt\", quantity = \"fz\", sign = 2 }\n") ==
        "p.toml:2:48: sign must be 1 or -1");
  CHECK(error_of("[columns]\nFz = { plate = \"middle\", quantity = \"fz\" }\n") ==
        "p.toml:2:16: plate must be \"left\", \"right\" or \"belt\"");
  CHECK(error_of("[columns]\nFz = { plate = \"belt\", quantity = \"Fz\" }\n") ==
        "p.toml:2:35: quantity must be one of \"fx\", \"fy\", \"fz\", \"copx\", \"copy\", \"tz\"");
  CHECK(error_of("[columns]\nFz = { plate = \"belt\", quantity = \"fz\", scale = \"-1\" }\n") ==
        "p.toml:2:49: scale must be a non-zero number");
  CHECK(error_of("[columns]\nFz = { plate = \"belt\" }\n") ==
        "p.toml:2:6: column \"Fz\" needs both plate and quantity");
  CHECK(error_of("[columns]\nFz = 3\n") ==
        "p.toml:2:6: column \"Fz\" must be a table such as { plate = \"right\", quantity = "
        "\"fz\" }");
  CHECK(error_of(columns + "Fz2 = { plate = \"belt\", quantity = \"fz\" }\n") ==
        "p.toml:3:1: columns \"Fz\" and \"Fz2\" both map to belt fz");
  CHECK(error_of(columns + "L = { plate = \"left\", quantity = \"fz\" }\n") ==
        "p.toml:3:1: column \"L\": plate belt cannot be mixed with left/right plates");
  CHECK(error_of("[columns]\nFx = { plate = \"right\", quantity = \"fx\" }\n") ==
        "p.toml:2:1: plate right has no column with quantity \"fz\" (contacts are found on the "
        "vertical force)");
  CHECK(error_of("name = \"x\n" + columns).starts_with("p.toml:1:"));
}

TEST_CASE("column profile: a missing file", "[profile][errors]") {
  std::string error;
  CHECK_FALSE(value_or_error(load_column_profile("no/such/profile.toml"), &error).has_value());
  CHECK(error == "no/such/profile.toml: cannot open");
}

}  // namespace
}  // namespace stridecue
