#include "config/trial_config.hpp"

#include "config/toml_fields.hpp"

namespace stridecue {
namespace {

RunnerInfo read_runner(const TomlFields& f) {
  f.allow_only({"name", "body_mass_kg", "foot_length_m"});
  RunnerInfo runner;
  runner.name = f.text("name").value_or("");
  runner.body_mass_kg = f.number("body_mass_kg", kMinBodyMassKg, kMaxBodyMassKg, "kg");
  runner.foot_length_m = f.number("foot_length_m", kMinFootLengthM, kMaxFootLengthM, "m");
  return runner;
}

TreadmillInfo read_treadmill(const TomlFields& f) {
  f.allow_only({"layout", "belt_speed_m_s"});
  TreadmillInfo treadmill;
  if (const auto layout = f.text("layout")) {
    treadmill.layout = treadmill_layout_from_string(*layout);
    if (!treadmill.layout) {
      f.fail_at("layout",
                "layout must be \"split\", \"single\" or \"overground\", not \"" + *layout + "\"");
    }
  }
  treadmill.belt_speed_m_s = f.number("belt_speed_m_s", 0.0, kMaxBeltSpeedMS, "m/s");
  return treadmill;
}

}  // namespace

RunnerInfo load_runner(const std::string& path) {
  return read_runner(TomlFields(path));
}
TreadmillInfo load_treadmill(const std::string& path) {
  return read_treadmill(TomlFields(path));
}

RunnerInfo parse_runner(std::string_view toml_text, const std::string& display_name) {
  return read_runner(TomlFields(toml_text, display_name));
}

TreadmillInfo parse_treadmill(std::string_view toml_text, const std::string& display_name) {
  return read_treadmill(TomlFields(toml_text, display_name));
}

}  // namespace stridecue
