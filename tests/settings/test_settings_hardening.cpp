// What the settings must not let through or give away (issue 14): the token in any JSON that
// leaves the daemon, an empty key without a name for the problem, schema bounds the engine
// refuses, runner ids that are not printable names.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/strike_analyzer.hpp"
#include "settings/runner_id.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_problems.hpp"
#include "settings/settings_table.hpp"

using namespace stridecue;
using Json = nlohmann::json;

TEST_CASE("the token never appears in the settings JSON or a change record", "[settings][secret]") {
  DaemonConfig c;
  c.api.token = "s3cret-token";
  const Json j = settings_to_json(c);
  CHECK(j["api"]["token"] == "<set>");
  CHECK(j.dump().find("s3cret") == std::string::npos);
  CHECK(settings_to_json(DaemonConfig{})["api"]["token"] == "");  // none set: says so

  DaemonConfig changed = c;
  changed.api.token = "n3w-token";
  const SettingsChange diff = diff_settings(c, changed);
  REQUIRE(diff.changed.size() == 1);  // the change is still seen (a reload logs it) …
  CHECK(diff.changed[0].key == "api.token");
  const std::string record = diff.to_json().dump();  // … but never shown
  CHECK(record.find("s3cret") == std::string::npos);
  CHECK(record.find("n3w") == std::string::npos);

  for (const Json& entry : settings_schema_json())
    if (entry["key"] == "api.token") CHECK(entry["default"] == "");
}

TEST_CASE("an empty key in a patch is named as such", "[settings][json]") {
  DaemonConfig c;
  for (const char* patch : {R"({"": 1})", R"({"cue": {"": 1}})"}) {
    INFO(patch);
    try {
      apply_settings_patch(c, Json::parse(patch), PatchScope::live_only);
      FAIL("accepted");
    } catch (const SettingsError& e) {
      CHECK_THAT(e.what(), Catch::Contains("empty key"));
    }
  }
}

TEST_CASE("every bound the schema calls inclusive is one the engine takes", "[settings][schema]") {
  // The value at each inclusive bound, alone on the defaults, passes the settings' own range
  // check; then the whole config's check (the engine's problem() functions) must take it too,
  // unless it breaks a rule between two settings (named here, each checked to be one).
  const std::vector<std::string> between_settings = {
      "contact.contact_threshold_n",  "contact.release_threshold_n",
      "contact.timing_threshold_n",   "strike.rearfoot_max",
      "strike.forefoot_min",          "glute.baseline.clear_ratio",
      "glute.emg.bandpass_low_hz",    "glute.emg.bandpass_high_hz",
      "glute.emg.envelope_cutoff_hz", "glute.quality.max_rms_v",
      "glute.activation.lookback_s",  "glute.activation.rest_segment_s",
      "source.simulator.mains_hz",    "source.simulator.mix_start.",
      "source.simulator.mix_end."};
  const auto between = [&](std::string_view key) {
    return std::any_of(between_settings.begin(), between_settings.end(),
                       [&](const std::string& b) { return key.starts_with(b); });
  };
  std::vector<std::string> refused;
  for (const Setting& s : settings_table()) {
    if (s.type != SettingType::number) continue;
    for (const bool low : {true, false}) {
      if (low ? s.min_exclusive : s.max_exclusive) continue;
      const double bound = low ? s.min : s.max;
      DaemonConfig c;
      const Json value = bound;
      if (setting_value_problem(s, value)) {
        refused.push_back(std::string(s.key) + " at its own bound");
        continue;
      }
      s.set(c, value);
      const auto problem =
          find_settings_problem(c, [&](std::string_view key) { return key == s.key; });
      if (problem && problem->key == s.key && !between(s.key))
        refused.push_back(std::string(s.key) + " = " + value.dump() + ": " + problem->message);
    }
  }
  CHECK(refused.empty());
  for (const auto& r : refused)
    UNSCOPED_INFO(r);

  const Setting& confidence = *find_setting("strike.decision_confidence");
  CHECK(*setting_value_problem(confidence, 1.0) ==
        "strike.decision_confidence = 1 is out of range: above 0.5 and below 1");
  CHECK_FALSE(setting_value_problem(confidence, 0.99));
  for (const Json& entry : settings_schema_json()) {
    if (entry["key"] == "glute.baseline.drop_ratio") {
      CHECK(entry["min_exclusive"] == true);
      CHECK(entry["max_exclusive"] == true);
    }
  }
}

TEST_CASE("the impact settings' message names the ranges", "[settings][engine]") {
  StrikeSettings s;
  s.impact_window_fraction = 1.0;
  REQUIRE(s.problem() != nullptr);
  CHECK_THAT(s.problem(), Catch::Contains("impact_window_fraction") && Catch::Contains("(0, 1)"));
}

TEST_CASE("runner ids are short printable names, and shown escaped", "[settings][runner]") {
  for (const std::string& id :
       std::vector<std::string>{"ana", "Ana Lopez", "r-07_b.2", "7", std::string(64, 'x')}) {
    INFO(id);
    CHECK_FALSE(runner_id_problem(id));
  }
  for (const std::string& id :
       {std::string(""), std::string("\x1b[2J\nFAKE"), std::string("a\0b", 3),
        std::string("../../etc/passwd"), std::string(".."), std::string(" ana"),
        std::string(65, 'x'), std::string(60000, 'x'), std::string("caf\xc3\xa9"),
        std::string("a/b"), std::string("a\\b")}) {
    INFO(printable_runner_id(id));
    const auto problem = runner_id_problem(id);
    REQUIRE(problem);
    CHECK_THAT(*problem,
               Catch::StartsWith("runner_id \"") && Catch::Contains(std::string(kRunnerIdRule)));
    for (const char c : *problem)
      CHECK((static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f));
  }
  CHECK(printable_runner_id("\x1b[2J\nFAKE") == "\\x1B[2J\\x0AFAKE");
  CHECK(printable_runner_id(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable_runner_id("a\\x41") == "a\\\\x41");
  CHECK(printable_runner_id(std::string(60000, 'x')) == std::string(64, 'x') + "... (60000 bytes)");

  DaemonConfig c;
  c.runner_id = "\x1b[2J";
  const auto problem = find_settings_problem(c, [](std::string_view) { return true; });
  REQUIRE(problem);
  CHECK(problem->key == "runner_id");
}
