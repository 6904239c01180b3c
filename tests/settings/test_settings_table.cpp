// The settings table itself: every key reads and writes its own field, and only that one.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// A valid value different from `current` for `s`, judged by the table alone.
Json other_value(const Setting& s, const Json& current) {
  switch (s.type) {
    case SettingType::number: {
      // An excluded bound is refused: a value a quarter of the range inside it instead.
      const double low = s.min_exclusive ? s.min + (s.max - s.min) / 4 : s.min;
      const double high = s.max_exclusive ? s.max - (s.max - s.min) / 4 : s.max;
      if (current.is_null()) return low;
      return current.get<double>() == high ? low : high;
    }
    case SettingType::integer:
      return current.get<std::int64_t>() == static_cast<std::int64_t>(s.min)
                 ? static_cast<std::int64_t>(s.min) + 1
                 : static_cast<std::int64_t>(s.min);
    case SettingType::boolean: return !current.get<bool>();
    case SettingType::text: return current.get<std::string>() + "x";
    case SettingType::choice:
      return std::string(current.get<std::string>() == s.choices[0] ? s.choices[1] : s.choices[0]);
    case SettingType::choice_list:
      return current.size() == s.choices.size()
                 ? Json::array({s.choices[0]})
                 : Json::array({s.choices[0], s.choices[1], s.choices[2]});
  }
  return nullptr;
}

}  // namespace

TEST_CASE("every key is unique, named like its table and documented", "[settings]") {
  std::set<std::string_view> keys;
  for (const auto& s : settings_table()) {
    INFO(s.key);
    CHECK(keys.insert(s.key).second);
    CHECK(find_setting(s.key) == &s);
    CHECK_FALSE(s.doc.empty());
    CHECK(s.get != nullptr);
    CHECK(s.set != nullptr);
    if (s.type == SettingType::number || s.type == SettingType::integer) CHECK(s.min < s.max);
    if (s.type == SettingType::choice || s.type == SettingType::choice_list) {
      CHECK(s.choices.size() >= 2);
    }
  }
  CHECK(keys.size() > 100);
  CHECK(find_setting("contact.contact_threshold_n") != nullptr);
  CHECK(find_setting("contact") == nullptr);
}

TEST_CASE("each key writes its own field and no other", "[settings]") {
  // Two keys sharing a field, or a setter writing the wrong one, show up as a diff of the
  // wrong key (or of two keys).
  const DaemonConfig defaults;
  for (const auto& s : settings_table()) {
    INFO(s.key);
    const Json before = s.get(defaults);
    REQUIRE_FALSE(setting_value_problem(s, before));
    const Json value = other_value(s, before);
    REQUIRE_FALSE(setting_value_problem(s, value));
    DaemonConfig changed = defaults;
    s.set(changed, value);
    CHECK(s.get(changed) == value);
    const SettingsChange diff = diff_settings(defaults, changed);
    REQUIRE(diff.changed.size() == 1);
    CHECK(diff.changed[0].key == s.key);
    CHECK(diff.changed[0].old_value == before);
    CHECK(diff.changed[0].new_value == value);
  }
}

TEST_CASE("the defaults pass their own checks", "[settings]") {
  const DaemonConfig defaults;
  for (const auto& s : settings_table()) {
    INFO(s.key);
    CHECK_FALSE(setting_value_problem(s, s.get(defaults)));
  }
}

TEST_CASE("live keys are the thresholds, cues and runner facts, the plumbing is fixed",
          "[settings]") {
  for (const auto* key :
       {"contact.contact_threshold_n", "strike.rearfoot_max", "strike.decision_confidence",
        "glute.activation.window_before_s", "glute.baseline.drop_ratio", "glute.quality.window_s",
        "glute.emg.mains_hz", "glute.emg.bandpass_low_hz", "glute.emg.rms_window_s", "cue.mode",
        "cue.heel_classes", "cue.refractory_s", "cue.fading.enabled", "audio.volume",
        "runner.body_mass_kg", "runner.foot_length_m", "treadmill.belt_speed_m_s"}) {
    INFO(key);
    REQUIRE(find_setting(key));
    CHECK(find_setting(key)->live());
  }
  for (const auto* key : {"source.kind", "source.simulator.seed", "api.port", "api.address",
                          "store.path", "audio.device", "audio.driver", "audio.buffer_frames",
                          "contact.max_stance_s", "runner_id", "treadmill.layout"}) {
    INFO(key);
    REQUIRE(find_setting(key));
    CHECK_FALSE(find_setting(key)->live());
  }
}

TEST_CASE("values are checked for type, range and choices, naming the key", "[settings]") {
  const Setting& threshold = *find_setting("contact.contact_threshold_n");
  CHECK_FALSE(setting_value_problem(threshold, 40));
  CHECK_FALSE(setting_value_problem(threshold, 40.5));
  CHECK(setting_value_problem(threshold, 5000).value() ==
        "contact.contact_threshold_n = 5000 is out of range: 1 to 2000 N");
  CHECK(setting_value_problem(threshold, "40").value() ==
        "contact.contact_threshold_n must be a number (1 to 2000 N), not the string \"40\"");
  CHECK(setting_value_problem(threshold, nullptr).value() ==
        "contact.contact_threshold_n must be a number (1 to 2000 N), not null");

  const Setting& strides = *find_setting("glute.baseline.baseline_strides");
  CHECK_FALSE(setting_value_problem(strides, 20));
  CHECK(setting_value_problem(strides, 20.5).value() ==
        "glute.baseline.baseline_strides must be a whole number (1 to 1000 strides), not the "
        "number 20.5");

  const Setting& mass = *find_setting("runner.body_mass_kg");
  CHECK(mass.nullable);
  CHECK_FALSE(setting_value_problem(mass, nullptr));
  CHECK(setting_value_problem(mass, 70000).value() ==
        "runner.body_mass_kg = 70000 is out of range: 20 to 250 kg");

  const Setting& mode = *find_setting("cue.mode");
  CHECK_FALSE(setting_value_problem(mode, "bandwidth"));
  CHECK(setting_value_problem(mode, "sometimes").value() ==
        "cue.mode must be one of \"every_stride\", \"bandwidth\", \"summary\", not the string "
        "\"sometimes\"");

  const Setting& classes = *find_setting("cue.heel_classes");
  CHECK_FALSE(setting_value_problem(classes, Json::array({"rearfoot", "midfoot"})));
  CHECK_FALSE(setting_value_problem(classes, Json::array()));
  CHECK(setting_value_problem(classes, Json::array({"rearfoot", "heel"})).value() ==
        "cue.heel_classes[1] must be one of \"rearfoot\", \"midfoot\", \"forefoot\", not the "
        "string \"heel\"");
  CHECK(setting_value_problem(classes, Json::array({"midfoot", "midfoot"})).value() ==
        "cue.heel_classes lists \"midfoot\" twice");
  CHECK(setting_value_problem(classes, "rearfoot").has_value());

  const Setting& seed = *find_setting("source.simulator.seed");
  CHECK_FALSE(setting_value_problem(seed, std::numeric_limits<std::int64_t>::max()));
  CHECK(setting_value_problem(seed, std::uint64_t{1} << 63).has_value());
  CHECK(setting_value_problem(seed, -1).has_value());
}

TEST_CASE("a typo finds its key, another word does not", "[settings]") {
  const auto children = settings_table_children("contact");
  CHECK(children.front() == "contact_threshold_n");
  CHECK(nearest_name("contct_threshold_n", children) == "contact_threshold_n");
  CHECK_FALSE(nearest_name("colour", children));
  const auto top = settings_table_children("");
  CHECK(top.front() == "runner_id");
  CHECK(std::find(top.begin(), top.end(), "glute") != top.end());
  CHECK(settings_table_children("glute") ==
        std::vector<std::string>{"emg", "quality", "activation", "baseline"});
}
