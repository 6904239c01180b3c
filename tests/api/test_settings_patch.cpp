// `stridecue ctl set` arguments into the flat dotted-key PATCH body.
#include <catch2/catch.hpp>

#include "api/settings_patch.hpp"

using stridecue::flat_settings_patch;
using Json = nlohmann::json;

TEST_CASE("settings patch: values are JSON when they parse, else strings", "[api][ctl]") {
  const Json patch = flat_settings_patch({"cue.refractory_s=2.5", "cue.enabled=false",
                                          "cue.mode=bandwidth", "cue.classes=[\"rearfoot\"]",
                                          "runner.note=\"42\"", "runner.name=", "a.b=x=y"});
  CHECK(patch == Json{{"cue.refractory_s", 2.5},
                      {"cue.enabled", false},
                      {"cue.mode", "bandwidth"},
                      {"cue.classes", {"rearfoot"}},
                      {"runner.note", "42"},
                      {"runner.name", ""},
                      {"a.b", "x=y"}});
}

TEST_CASE("settings patch: malformed assignments are named", "[api][ctl]") {
  CHECK_THROWS_WITH(flat_settings_patch({"cue.mode"}), "'cue.mode' is not KEY=VALUE");
  CHECK_THROWS_WITH(flat_settings_patch({"=3"}), "'=3' has no key before '='");
  CHECK_THROWS_WITH(flat_settings_patch({"a=1", "a=2"}), "'a' is given twice");
}
