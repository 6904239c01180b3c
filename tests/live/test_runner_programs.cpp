// Retraining program templates stored per runner (live/program_templates.hpp,
// live/runner_program.hpp): the built-in evidence-based one, a clinic's own, a runner's copy with
// their own changes, the sessions that count since it was given, and a session start that gives
// each runner their program's settings and never the last runner's.
#include <catch2/catch.hpp>

#include "live/program_templates.hpp"
#include "live/runner_program.hpp"
#include "live/runner_settings.hpp"
#include "settings/daemon_config.hpp"
#include "settings/settings_json.hpp"
#include "store/program_records.hpp"
#include "store/runner_records.hpp"
#include "store/store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;
using Catch::Matchers::Contains;

namespace {

RunnerProfile save_new(SessionStore& store, const std::string& id, const Json& fields) {
  RunnerProfile p;
  p.id = id;
  apply_runner_changes(store.connection(), p, fields);
  save_runner(store.connection(), p);
  return *read_runner(store.connection(), id);
}

}  // namespace

TEST_CASE("The built-in program is Crowell and Davis's schedule, every key explicit") {
  const auto builtin = builtin_programs();
  REQUIRE(builtin.size() == 1);
  const ProgramTemplate& t = builtin.front();
  CHECK(t.name == kEvidenceProgram);
  CHECK(t.builtin);
  CHECK(t.settings["cue.fading.sessions"] == 8);
  CHECK(t.settings["cue.fading.full_sessions"] == 4);
  CHECK(t.settings["program.first_session_min"] == 15.0);
  CHECK(t.settings["program.last_session_min"] == 30.0);
  for (const std::string_view key : program_schedule_keys())
    CHECK(t.settings.contains(std::string(key)));
}

TEST_CASE("A clinic's template is checked like settings, and the message names the key") {
  const auto refused = [](const Json& body) {
    try {
      program_template_from_json(body);
    } catch (const SettingsError& e) {
      return e.field() + ": " + e.what();
    }
    return std::string("taken");
  };
  CHECK_THAT(refused({{"name", "Bad Name"}}), Contains("name: a program's name"));
  CHECK_THAT(refused({{"name", "p"}, {"settings", {{"cue.fading.sessions", 0}}}}),
             Contains("settings.cue.fading.sessions"));
  CHECK_THAT(refused({{"name", "p"}, {"settings", {{"contact.contact_threshold_n", 40}}}}),
             Contains("live program.* and cue.* settings only"));
  CHECK_THAT(refused({{"name", "p"}, {"settings", {{"cue.session_number", 3}}}}),
             Contains("set by the program itself"));
  CHECK_THAT(refused({{"name", "p"}, {"settings", {{"cue.fading.sesions", 3}}}}),
             Contains("unknown setting"));
  // A good one: its own keys, and the schedule's defaults where it says nothing.
  const ProgramTemplate t =
      program_template_from_json({{"name", "softer-6"},
                                  {"description", "six sessions of run-softer cues"},
                                  {"settings",
                                   {{"cue.fading.sessions", 6},
                                    {"cue.fading.full_sessions", 3},
                                    {"cue.loading_rate.enabled", true},
                                    {"program.retention_s", 180}}}});
  CHECK(t.settings["cue.fading.sessions"] == 6);
  CHECK(t.settings["cue.loading_rate.enabled"] == true);
  CHECK(t.settings["program.first_session_min"] == DaemonConfig{}.program.first_session_min);
}

TEST_CASE("Templates are kept in the store, a built-in name is refused, a runner keeps a copy") {
  TempDir dir("runner-programs");
  SessionStore store = open_store_now(dir / "s.db");
  const ProgramTemplate mine = program_template_from_json(
      {{"name", "softer-6"},
       {"settings", {{"cue.fading.sessions", 6}, {"cue.loading_rate.enabled", true}}}});
  save_program_template(store.connection(), mine);
  ProgramTemplate clash = mine;
  clash.name = std::string(kEvidenceProgram);
  CHECK_THROWS_AS(save_program_template(store.connection(), clash), SettingsError);
  REQUIRE(all_programs(&store.connection()).size() == 2);
  // The runner gets the template with their own change on top.
  const RunnerProfile ana =
      save_new(store, "ana",
               {{"program", {{"template", "softer-6"}, {"settings", {{"program.warmup_s", 60}}}}}});
  REQUIRE(ana.program);
  CHECK((*ana.program)["template"] == "softer-6");
  CHECK(runner_program_settings(ana)["program.warmup_s"] == 60);
  // The template removed or changed later: the runner's copy stays as it was given.
  REQUIRE(delete_program(store.connection(), "softer-6"));
  const RunnerProfile again = *read_runner(store.connection(), "ana");
  CHECK(runner_program_settings(again)["cue.fading.sessions"] == 6);
  // An unknown template is refused naming the field and the templates there are.
  RunnerProfile bob;
  bob.id = "bob";
  try {
    apply_runner_changes(store.connection(), bob, {{"program", "nope"}});
    FAIL("an unknown program was taken");
  } catch (const RunnerFieldError& e) {
    CHECK(e.field() == "program");
    CHECK_THAT(std::string(e.what()),
               Contains("no program \"nope\"") && Contains("crowell-davis-8"));
  }
}

TEST_CASE("A program counts the sessions run since it was given, not before") {
  TempDir dir("runner-programs");
  SessionStore store = open_store_now(dir / "s.db");
  session_with_running(store, "ana", 120.0);  // before the program: not one of its sessions
  session_with_running(store, "ana", 120.0);
  save_new(store, "ana", {{"program", std::string(kEvidenceProgram)}});
  RunnerStart start = read_runner_start(store, "ana", 60.0);
  CHECK(start.counted_sessions == 0);
  session_with_running(store, "ana", 120.0);
  session_with_running(store, "ana", 10.0);  // hardly run: does not count
  start = read_runner_start(store, "ana", 60.0);
  CHECK(start.counted_sessions == 1);
  const Json patch = runner_settings_patch(start, DaemonConfig{});
  CHECK(patch["cue.session_number"] == 2);
  CHECK(patch["program.enabled"] == true);
  CHECK(patch["cue.fading.enabled"] == true);
  CHECK(patch["cue.fading.sessions"] == 8);
}

TEST_CASE("The next runner without a program gets the file's values back, not the last program's") {
  TempDir dir("runner-programs");
  SessionStore store = open_store_now(dir / "s.db");
  save_new(store, "ana",
           {{"program",
             {{"template", std::string(kEvidenceProgram)},
              {"settings", {{"cue.loading_rate.enabled", true}, {"program.retention_s", 300}}}}}});
  DaemonConfig file;
  file.cue.loading_rate.enabled = false;
  file.program.retention_s = 0.0;
  const RunnerStart ana = read_runner_start(store, "ana", 60.0);
  const Json ana_patch = runner_settings_patch(ana, file);
  CHECK(ana_patch["cue.loading_rate.enabled"] == true);
  CHECK(ana_patch["program.retention_s"] == 300.0);
  // Bob has no program: what Ana's program set goes back to the file's values.
  const RunnerStart bob = read_runner_start(store, "bob", 60.0);
  const Json bob_patch = runner_settings_patch(bob, file, program_keys(ana));
  CHECK(bob_patch["cue.loading_rate.enabled"] == false);
  CHECK(bob_patch["program.retention_s"] == 0.0);
  CHECK(bob_patch["program.enabled"] == false);
  CHECK(bob_patch["cue.fading.enabled"] == false);
  // Applied to the running settings, the patch is taken whole.
  DaemonConfig running = file;
  apply_settings_patch(running, ana_patch, PatchScope::live_only);
  CHECK(running.program.enabled);
  apply_settings_patch(running, bob_patch, PatchScope::live_only);
  CHECK_FALSE(running.program.enabled);
  CHECK_FALSE(running.cue.loading_rate.enabled);
}
