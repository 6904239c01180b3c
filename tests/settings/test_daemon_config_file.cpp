// The daemon's TOML config: the shipped file, and every class of error with its line:column.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_error.hpp"
#include "settings/daemon_config_file.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;

namespace {

const std::string kShippedConfig = std::string(test::source_dir()) + "/config/stridecue.toml";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The ConfigError message of parsing `toml` as "t.toml", or "" if it parsed.
std::string error_of(const std::string& toml) {
  try {
    parse_daemon_config(toml, "t.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the shipped config sets every key to its default", "[settings][config]") {
  const DaemonConfigFile file = read_daemon_config(read_text(kShippedConfig), kShippedConfig);
  // Exactly the defaults: a changed default in the code must be changed in the file too.
  CHECK(settings_to_json(file.config) == settings_to_json(DaemonConfig{}));
  CHECK(diff_settings(DaemonConfig{}, file.config).empty());
  // Every key that has a value is written out (optional ones are commented out: unset).
  for (const auto& s : settings_table()) {
    INFO(s.key);
    const bool present = std::find(file.keys.begin(), file.keys.end(), s.key) != file.keys.end();
    CHECK(present == !s.nullable);
  }
  CHECK_NOTHROW(load_daemon_config(kShippedConfig));
}

TEST_CASE("missing keys keep their defaults", "[settings][config]") {
  const DaemonConfig empty = parse_daemon_config("", "empty.toml");
  CHECK(diff_settings(DaemonConfig{}, empty).empty());

  const DaemonConfig c = parse_daemon_config(R"(
runner_id = "ana"
[contact]
contact_threshold_n = 40      # an integer is a number too
[glute.baseline]
drop_ratio = 0.75
[cue]
heel_classes = ["rearfoot", "midfoot"]
mode = "bandwidth"
fading = { enabled = true }
[runner]
body_mass_kg = 61.5
[treadmill]
layout = "single"
)",
                                             "some.toml");
  CHECK(c.runner_id == "ana");
  CHECK(c.engine.contact.contact_threshold_n == 40.0);
  CHECK(c.engine.contact.release_threshold_n == ContactSettings{}.release_threshold_n);
  CHECK(c.engine.glute.baseline.drop_ratio == 0.75);
  CHECK(c.cue.heel_classes == std::array<bool, 3>{true, true, false});
  CHECK(c.cue.mode == CueMode::bandwidth);
  CHECK(c.cue.fading.enabled);
  CHECK(c.engine.runner.body_mass_kg == 61.5);
  CHECK_FALSE(c.engine.runner.foot_length_m.has_value());
  CHECK(c.engine.treadmill.layout == TreadmillLayout::single_belt);
  CHECK(diff_settings(DaemonConfig{}, c).changed.size() == 8);
}

TEST_CASE("a syntax error names its line and column", "[settings][config]") {
  CHECK(error_of("[contact]\ncontact_threshold_n = = 5\n").starts_with("t.toml:2:23: "));
  CHECK(error_of("[cue\n").starts_with("t.toml:1:"));
}

TEST_CASE("an unknown key names the nearest key or the keys of its table", "[settings][config]") {
  CHECK(error_of("[contact]\ncontct_threshold_n = 40\n") ==
        "t.toml:2:1: unknown key 'contct_threshold_n' in [contact]; did you mean "
        "'contact_threshold_n'?");
  CHECK(error_of("[audio]\ncolour = \"red\"\n") ==
        "t.toml:2:1: unknown key 'colour' in [audio]; [audio] holds: enabled, required, driver, "
        "device, "
        "volume, sample_rate_hz, buffer_frames, cue_length_s, cue_latency_ms, realtime_priority");
  CHECK(error_of("[cue.fadeing]\nenabled = true\n") ==
        "t.toml:1:6: unknown key 'fadeing' in [cue]; did you mean 'fading'?");
  CHECK(error_of("runer_id = \"x\"\n") ==
        "t.toml:1:1: unknown key 'runer_id' at the top level; did you mean 'runner_id'?");
  CHECK(error_of("[glute]\nmains_hz = 60\n")
            .starts_with(
                "t.toml:2:1: unknown key 'mains_hz' in [glute]; [glute] holds: emg, quality"));
}

TEST_CASE("a wrong type names the key, what it must be, and where", "[settings][config]") {
  CHECK(error_of("[contact]\nauto_zero = \"yes\"\n") ==
        "t.toml:2:13: contact.auto_zero must be true or false, not the string \"yes\"");
  CHECK(error_of("[api]\nport = 78.5\n") ==
        "t.toml:2:8: api.port must be a whole number (0 to 65535), not the number 78.5");
  CHECK(error_of("[cue]\nheel_classes = \"rearfoot\"\n") ==
        "t.toml:2:16: cue.heel_classes must be a list of \"rearfoot\", \"midfoot\", "
        "\"forefoot\", not the string \"rearfoot\"");
  CHECK(error_of("[cue]\nheel_classes = [\"rearfoot\", \"heel\"]\n") ==
        "t.toml:2:16: cue.heel_classes[1] must be one of \"rearfoot\", \"midfoot\", "
        "\"forefoot\", not the string \"heel\"");
  CHECK(error_of("contact = 5\n") ==
        "t.toml:1:11: contact is a table of settings (contact_threshold_n, release_threshold_n, "
        "timing_threshold_n, min_stance_s, min_flight_s, peak_lowpass_hz, auto_zero, "
        "max_stance_s), not a value");
  CHECK(error_of("[cue]\nmode = \"often\"\n") ==
        "t.toml:2:8: cue.mode must be one of \"every_stride\", \"bandwidth\", \"summary\", not "
        "the string \"often\"");
}

TEST_CASE("a value out of range names the range and its unit", "[settings][config]") {
  CHECK(error_of("[contact]\ncontact_threshold_n = 5000\n") ==
        "t.toml:2:23: contact.contact_threshold_n = 5000 is out of range: 1 to 2000 N");
  CHECK(error_of("\n[runner]\n  body_mass_kg = 70000.0\n") ==
        "t.toml:3:18: runner.body_mass_kg = 70000 is out of range: 20 to 250 kg");
  CHECK(error_of("[audio]\nvolume = nan\n") ==
        "t.toml:2:10: audio.volume = nan is out of range: 0 to 1");
}

TEST_CASE("a problem between settings is reported on the one the file set", "[settings][config]") {
  // release above the (default) contact threshold: the file set the release threshold.
  CHECK(error_of("[contact]\nrelease_threshold_n = 60\n") ==
        "t.toml:2:23: contact: contact_threshold_n must be above release_threshold_n");
  // Both set: the first one the message names.
  CHECK(error_of("[contact]\nrelease_threshold_n = 60\ncontact_threshold_n = 55\n") ==
        "t.toml:3:23: contact: contact_threshold_n must be above release_threshold_n");
  CHECK(error_of("[strike]\nrearfoot_max = 0.8\n") ==
        "t.toml:2:16: strike: strike boundaries must satisfy 0 < rearfoot_max <= forefoot_min "
        "< 1");
  CHECK(error_of("[glute.baseline]\ndrop_count = 12\n") ==
        "t.toml:2:14: glute.baseline: drop_count must be in [1, window_strides]");
  CHECK(error_of("[cue]\nbandwidth_misses = 9\n") ==
        "t.toml:2:20: cue.bandwidth_misses must be between 1 and cue.bandwidth_strides");
  CHECK(error_of("[source]\nkind = \"file\"\n") ==
        "t.toml:2:8: source.file must name a trial file when source.kind = \"file\"");
  CHECK(error_of("[api]\naddress = \"0.0.0.0\"\n")
            .starts_with("t.toml:2:11: api.address = \"0.0.0.0\" is not loopback: set api.token"));
  CHECK(error_of("[api]\naddress = \"0.0.0.0\"\ntoken = \"s3cret\"\n").empty());
  // The EMG history is sized for the longest look-back and search the ranges allow.
  CHECK(error_of("[glute.activation]\nlookback_s = 3.0\noffset_search_s = 0.8\n").empty());
  CHECK(error_of("[source.simulator]\nmains_hz = 1500\n") ==
        "t.toml:2:12: source.simulator: mains_hz must be in [0, 1000], got 1500");
}

TEST_CASE("a missing file is named", "[settings][config]") {
  CHECK_THROWS_WITH(load_daemon_config("/nonexistent/stridecue.toml"),
                    "/nonexistent/stridecue.toml: no such file");
}

TEST_CASE("a file far larger than a config is refused by its size, unread", "[settings][config]") {
  // Sparse: 2 GiB of nothing costs no disk, and reading it whole would cost 2 GiB of memory.
  const auto path = std::filesystem::temp_directory_path() / "stridecue-huge-config.toml";
  { std::ofstream touch(path); }
  std::filesystem::resize_file(path, std::uintmax_t{2} << 30);
  CHECK_THROWS_WITH(load_daemon_config(path.string()),
                    path.string() +
                        ": 2147483648 bytes; a config file is at most 1 MiB "
                        "(1048576 bytes)");
  std::filesystem::remove(path);
}

TEST_CASE("the config written as TOML reads back to the same values", "[settings][config]") {
  DaemonConfig c;
  c.source.file = "quote \" and backslash \\ and\ttab";
  c.engine.contact.contact_threshold_n = 42.25;
  c.engine.strike.boundaries.rearfoot_max = 0.3;
  c.engine.runner.foot_length_m = 0.27;
  c.cue.heel_classes = {true, true, false};
  c.cue.mode = CueMode::summary;
  c.source.simulator.seed = 1234567890123;
  c.source.simulator.fatigue_onset_s = 600;
  c.api.token = "t0k3n-never-printed";
  for (const bool comments : {false, true}) {
    const std::string toml = daemon_config_to_toml(c, comments);
    INFO(toml);
    const DaemonConfig back = parse_daemon_config(toml, "written.toml");
    // Everything but the secret, which is shown only as set.
    const auto changes = diff_settings(c, back);
    REQUIRE(changes.changed.size() == 1);
    CHECK(changes.changed[0].key == "api.token");
    CHECK(toml.find("t0k3n") == std::string::npos);
    CHECK(toml.find("# token = \"<set>\"   (set; a secret is not shown)\n") != std::string::npos);
  }
  const std::string toml = daemon_config_to_toml(c, true);
  CHECK(toml.find("# body_mass_kg =   (unset)") != std::string::npos);
  CHECK(toml.find("heel_classes = [\"rearfoot\", \"midfoot\"]") != std::string::npos);
  CHECK(toml.find("rearfoot_max = 0.3\n") != std::string::npos);
  CHECK(toml.find("contact_threshold_n = 42.25\n") != std::string::npos);
  CHECK(toml.find("fatigue_onset_s = 600.0\n") != std::string::npos);
}

TEST_CASE("the summary line says what will run", "[settings][config]") {
  const std::string line = summarize(DaemonConfig{});
  CHECK(line ==
        "runner runner; source simulator (seed 1, until stopped); cues every_stride (heel on "
        "rearfoot, "
        "hips on), refractory 1 s; api 127.0.0.1:7878; store stridecue-sessions.db");
}
