// The settings as JSON and changes to them (the control API's GET and PATCH).
#include <catch2/catch.hpp>

#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// The SettingsError of applying `patch` to the defaults; the config must stay untouched.
SettingsError error_of(const Json& patch, PatchScope scope = PatchScope::live_only) {
  DaemonConfig c;
  const Json before = settings_to_json(c);
  try {
    apply_settings_patch(c, patch, scope);
  } catch (const SettingsError& e) {
    CHECK(settings_to_json(c) == before);
    return e;
  }
  FAIL("the patch was accepted: " << patch.dump());
  return SettingsError("", "");
}

}  // namespace

TEST_CASE("settings JSON nests like the TOML tables and holds every key", "[settings][json]") {
  const Json j = settings_to_json(DaemonConfig{});
  CHECK(j.at("contact").at("contact_threshold_n") == 50.0);
  CHECK(j.at("cue").at("fading").at("enabled") == false);
  CHECK(j.at("cue").at("heel_classes") == Json::array({"rearfoot"}));
  CHECK(j.at("source").at("simulator").at("mix_start").at("rearfoot") == 1.0);
  CHECK(j.at("runner").at("body_mass_kg").is_null());
  CHECK(j.at("treadmill").at("layout") == "auto");
  CHECK(j.at("runner_id") == "runner");
  // flatten() splits the one array (heel_classes) into its element: one leaf per key.
  CHECK(j.flatten().size() == settings_table().size());
}

TEST_CASE("defaults → JSON → patch gives the same config back", "[settings][json]") {
  DaemonConfig c;
  c.engine.contact.contact_threshold_n = 80;
  c.engine.contact.release_threshold_n = 60;
  c.cue.mode = CueMode::summary;
  c.cue.heel_classes = {false, true, true};
  c.engine.runner.body_mass_kg = 70;
  c.api.port = 9000;
  c.source.simulator.seed = 77;
  const SettingsChange change =
      apply_settings_patch(c, settings_to_json(DaemonConfig{}), PatchScope::any);
  CHECK(settings_to_json(c) == settings_to_json(DaemonConfig{}));
  CHECK(change.changed.size() == 7);
  CHECK(change.needs_restart());
  // And applying the same again changes nothing.
  CHECK(apply_settings_patch(c, settings_to_json(DaemonConfig{}), PatchScope::any).empty());
}

TEST_CASE("a patch may nest or use dotted keys, and reports old and new values",
          "[settings][json]") {
  DaemonConfig c;
  const SettingsChange change =
      apply_settings_patch(c, Json{{"contact", {{"contact_threshold_n", 40}}},
                                   {"strike.rearfoot_max", 0.3},
                                   {"cue.fading", {{"enabled", true}}},
                                   {"cue", {{"refractory_s", 1.0}}},  // unchanged: not reported
                                   {"runner", {{"foot_length_m", 0.27}}}});
  CHECK(c.engine.contact.contact_threshold_n == 40.0);
  CHECK(c.engine.strike.boundaries.rearfoot_max == 0.3);
  CHECK(c.cue.fading.enabled);
  CHECK(c.engine.runner.foot_length_m == 0.27);
  CHECK(change.to_json() == Json::parse(R"([
          {"key": "runner.foot_length_m", "old": null, "new": 0.27},
          {"key": "contact.contact_threshold_n", "old": 50.0, "new": 40.0},
          {"key": "strike.rearfoot_max", "old": 0.47, "new": 0.3},
          {"key": "cue.fading.enabled", "old": false, "new": true}
        ])"));
  CHECK_FALSE(change.needs_restart());

  // null unsets an optional value.
  apply_settings_patch(c, Json{{"runner", {{"foot_length_m", nullptr}}}});
  CHECK_FALSE(c.engine.runner.foot_length_m.has_value());
}

TEST_CASE("cue.heel_classes is a list of strike classes", "[settings][json]") {
  DaemonConfig c;
  apply_settings_patch(c, Json{{"cue", {{"heel_classes", {"midfoot", "rearfoot"}}}}});
  CHECK(c.cue.heel_classes == std::array<bool, 3>{true, true, false});
  CHECK(settings_to_json(c).at("cue").at("heel_classes") == Json::array({"rearfoot", "midfoot"}));
  const SettingsError e = error_of(Json{{"cue.heel_classes", {"rearfoot", "toe"}}});
  CHECK(e.field() == "cue.heel_classes");
  // Empty while the heel cue is on: nothing could ever earn it.
  const SettingsError empty = error_of(Json{{"cue.heel_classes", Json::array()}});
  CHECK(empty.field() == "cue.heel_classes");
  apply_settings_patch(c,
                       Json{{"cue", {{"heel_classes", Json::array()}, {"heel_enabled", false}}}});
  CHECK(c.cue.heel_classes == std::array<bool, 3>{false, false, false});
}

TEST_CASE("a patch is all or nothing", "[settings][json]") {
  // The first key is fine; the second is out of range: neither is applied.
  const SettingsError e =
      error_of(Json{{"audio", {{"volume", 0.5}}}, {"contact", {{"contact_threshold_n", 1e6}}}});
  CHECK(e.field() == "contact.contact_threshold_n");
  CHECK(std::string(e.what()) ==
        "contact.contact_threshold_n = 1000000 is out of range: 1 to 2000 N");
  // A fine value with a cross-setting problem elsewhere in the same patch: nothing applied.
  const SettingsError cross = error_of(Json{
      {"audio.volume", 0.5}, {"glute.baseline", {{"drop_ratio", 0.9}, {"clear_ratio", 0.85}}}});
  CHECK(cross.field() == "glute.baseline.clear_ratio");
}

TEST_CASE("a release threshold above the contact threshold is refused", "[settings][json]") {
  const SettingsError e = error_of(Json{{"contact", {{"release_threshold_n", 60}}}});
  CHECK(e.field() == "contact.release_threshold_n");
  CHECK(std::string(e.what()) == "contact: contact_threshold_n must be above release_threshold_n");
  // Raising both together is fine.
  DaemonConfig c;
  apply_settings_patch(
      c, Json{{"contact.release_threshold_n", 60}, {"contact.contact_threshold_n", 80}});
  CHECK(c.engine.contact.release_threshold_n == 60.0);
}

TEST_CASE("fixed keys cannot change while running", "[settings][json]") {
  const SettingsError e = error_of(Json{{"api", {{"port", 9000}}}, {"audio.volume", 0.2}});
  CHECK(e.field() == "api.port");
  CHECK(std::string(e.what()) ==
        "api.port cannot change while running; edit the config file and reload");
  CHECK(error_of(Json{{"contact.max_stance_s", 4}}).field() == "contact.max_stance_s");
  // A reload may change them.
  DaemonConfig c;
  const SettingsChange change =
      apply_settings_patch(c, Json{{"contact.max_stance_s", 4}}, PatchScope::any);
  CHECK(c.engine.contact.max_stance_s == 4.0);
  CHECK(change.needs_restart());
  // The EMG filters are live: the engine redesigns them in place.
  const SettingsChange filters =
      apply_settings_patch(c, Json{{"glute.emg.mains_hz", 60}}, PatchScope::live_only);
  CHECK(c.engine.glute.emg.mains_hz == 60.0);
  CHECK_FALSE(filters.needs_restart());
}

TEST_CASE("unknown keys, wrong types and malformed patches are named", "[settings][json]") {
  const SettingsError typo = error_of(Json{{"contact", {{"contact_treshold_n", 40}}}});
  CHECK(typo.field() == "contact.contact_treshold_n");
  CHECK(
      std::string(typo.what()) ==
      "unknown setting 'contact.contact_treshold_n'; did you mean 'contact.contact_threshold_n'?");
  const SettingsError far = error_of(Json{{"volume", 1}});
  CHECK(std::string(far.what()) == "unknown setting 'volume'");

  const SettingsError type = error_of(Json{{"cue", {{"refractory_s", "1 s"}}}});
  CHECK(type.field() == "cue.refractory_s");
  CHECK(std::string(type.what()) ==
        "cue.refractory_s must be a number (0 to 60 s), not the string \"1 s\"");

  CHECK(error_of(Json{{"cue", 5}}).field() == "cue");
  CHECK(error_of(Json::array({1, 2})).field().empty());
  CHECK(error_of(Json{{"cue.refractory_s", 2}, {"cue", {{"refractory_s", 3}}}}).field() ==
        "cue.refractory_s");
}

TEST_CASE("the schema describes every key for the overlay's controls", "[settings][json]") {
  const Json schema = settings_schema_json();
  REQUIRE(schema.size() == settings_table().size());
  const auto entry = [&](std::string_view key) {
    for (const auto& e : schema)
      if (e.at("key") == key) return e;
    FAIL("no schema entry for " << key);
    return Json();
  };
  CHECK(entry("contact.contact_threshold_n") ==
        Json::parse(R"({"key": "contact.contact_threshold_n", "label": "Foot-contact threshold",
          "type": "number", "unit": "N",
          "min": 1.0, "max": 2000.0, "nullable": false, "live": true, "default": 50.0,
          "doc": "vertical force rising above this: a foot is on the plate"})"));
  CHECK(entry("cue.mode").at("choices") == Json::array({"every_stride", "bandwidth", "summary"}));
  CHECK(entry("cue.heel_classes").at("type") == "choice list");
  CHECK(entry("api.port").at("live") == false);
  CHECK(entry("api.port").at("max") == 65535);
  CHECK(entry("source.simulator.seed").at("max") == std::numeric_limits<std::int64_t>::max());
  CHECK(entry("runner.body_mass_kg").at("nullable") == true);
}
