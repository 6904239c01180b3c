// The driver registry (drivers/registry): each driver's keys, kinds and rules reach the settings
// without the settings naming any driver.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "registry/device_registry.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_problems.hpp"
#include "settings/settings_table.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

bool contains(std::span<const std::string_view> list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("every driver's keys are settings, with the driver's default, range and kind") {
  REQUIRE(device_drivers().size() >= 3);
  const DaemonConfig defaults;
  std::set<std::string_view> kinds;
  for (const DeviceDriver* driver : device_drivers()) {
    INFO(driver->kind);
    CHECK(kinds.insert(driver->kind).second);  // kinds are unique
    REQUIRE(driver->open != nullptr);
    REQUIRE(driver->problem != nullptr);
    CHECK(contains(find_setting("source.kind")->choices, driver->kind));
    CHECK(contains(find_setting("source.emg")->choices, driver->kind) == driver->emg_companion);
    for (const DeviceSetting& d : driver->settings) {
      INFO(d.key);
      CHECK(d.key.starts_with("source." + std::string(driver->kind) + "."));
      const Setting* s = find_setting(d.key);
      REQUIRE(s != nullptr);
      CHECK(s->doc.starts_with("kind = " + std::string(driver->kind) + ": "));
      if (d.type == DeviceSetting::Type::integer) {
        CHECK(s->type == SettingType::integer);
        CHECK(s->get(defaults) == d.default_integer);
        CHECK(s->min == static_cast<double>(d.min));
        CHECK(s->max == static_cast<double>(d.max));
      } else {
        CHECK(s->type == SettingType::text);
        CHECK(s->get(defaults) == std::string(d.default_text));
      }
    }
  }
}

TEST_CASE("a driver's key set through the table reaches the driver's values and back") {
  DaemonConfig c;
  const Setting* baud = find_setting("source.serial.baud");
  REQUIRE(baud != nullptr);
  baud->set(c, 115200);
  CHECK(baud->get(c) == 115200);
  CHECK(c.source.devices != DaemonConfig{}.source.devices);
  // The settings JSON carries it like any other key.
  CHECK(settings_to_json(c)["source"]["serial"]["baud"] == 115200);
}

TEST_CASE("the chosen driver's own check refuses its settings, naming its key") {
  DaemonConfig c;
  c.source.kind = "usb";
  find_setting("source.usb.device")->set(c, "not a selector");
  auto problem = find_settings_problem(c, [](std::string_view) { return false; });
  REQUIRE(problem);
  CHECK(problem->key == "source.usb.device");
  CHECK(problem->message.find("not a selector") != std::string::npos);

  // The same settings are no problem while another source is chosen.
  c.source.kind = "simulator";
  CHECK_FALSE(find_settings_problem(c, [](std::string_view) { return false; }));

  c.source.kind = "serial";
  find_setting("source.serial.port")->set(c, "");
  problem = find_settings_problem(c, [](std::string_view) { return false; });
  REQUIRE(problem);
  CHECK(problem->key == "source.serial.port");
}

TEST_CASE("source.emg takes an EMG companion beside a force device only") {
  DaemonConfig c;
  c.source.kind = "usb";
  c.source.emg = "delsys";
  CHECK_FALSE(find_settings_problem(c, [](std::string_view) { return false; }));
  for (const char* kind : {"simulator", "file", "delsys"}) {
    INFO(kind);
    c.source.kind = kind;
    if (c.source.kind == "file") c.source.file = "trial.csv";
    const auto problem = find_settings_problem(c, [](std::string_view) { return false; });
    REQUIRE(problem);
    CHECK(problem->key == "source.emg");
    CHECK(problem->message.find("goes with a live force source") != std::string::npos);
  }
}
