// `stridecue export`'s files: strides, cues and settings changes as CSV with their JSON
// flattened, and the raw samples as a trial CSV that reads back to the same strides.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "files/trial_csv_reader.hpp"
#include "simulator/runner_simulator.hpp"
#include "store/session_export.hpp"
#include "store/stored_session_source.hpp"
#include "store_fixtures.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

EngineSettings settings_for(const SimulatorConfig& config) {
  EngineSettings settings;
  settings.treadmill.belt_speed_m_s = config.belt_speed_m_s;
  settings.runner.foot_length_m = config.foot_length_m;
  return settings;
}

}  // namespace

TEST_CASE("JSON flattens to dotted column names in document order") {
  const auto j = nlohmann::ordered_json::parse(
      R"({"stride":3,"side":"left","glute":{"ratio":0.8,"onset_ms":null},
          "muscles":[{"channel":"a"},{"channel":"b"}],"empty":{}})");
  const auto flat = flatten_json(j);
  REQUIRE(flat.size() == 7);
  CHECK(flat[0].first == "stride");
  CHECK(flat[2].first == "glute.ratio");
  CHECK(flat[3].first == "glute.onset_ms");
  CHECK(flat[3].second.is_null());
  CHECK(flat[5].first == "muscles.1.channel");
  CHECK(flat[5].second == "b");
  CHECK(flat[6].first == "empty");
}

TEST_CASE("an exported session holds its rows, and its samples analyze to the same strides") {
  SimulatorConfig config;
  config.duration_s = 12.0;
  config.seed = 3;
  TempDir dir("store-export");
  const std::string db = dir / "sessions.db";
  std::int64_t id = 0;
  std::vector<StrideRecord> live;
  {
    SessionStore store(StoreOptions{db});
    RunnerSimulator sim(config);
    id = store.begin_session("alice", R"({"cue":{"mode":"every_stride"}})", sim.layout()).id;
    GaitEngine engine(sim.layout(), settings_for(config));
    CollectStrides out;
    SampleBlock block;
    while (sim.next(block) == SourceStatus::block) {
      store.add_block(id, block);
      engine.process(block, out);
    }
    engine.finish(out);
    live = out.strides;
    for (const StrideRecord& r : live) {
      StoredStride row;
      row.index = static_cast<std::int64_t>(r.index);
      row.side = r.side;
      row.contact_s = r.contact_s;
      row.json = nlohmann::ordered_json{{"stride", r.index},
                                        {"side", to_string(r.side)},
                                        {"contact_s", r.contact_s},
                                        {"glute", {{"ratio", 0.9}, {"note", "a, b"}}}}
                     .dump();
      store.add_stride(id, row);
    }
    store.add_cue(id, cue_row(0));
    store.add_settings_change(id, {4.5, SettingsSource::api, R"({"cue":{"refractory_s":0.5}})"});
    store.end_session(id, std::string(R"({"strides":1})"));
  }
  REQUIRE(live.size() > 20);

  const std::string out = dir / "export";
  const ExportResult r = export_session_csv(db, id, out);
  CHECK(r.strides == live.size());
  CHECK(r.cues == 1);
  CHECK(r.settings_changes == 1);
  CHECK(r.samples_note.empty());

  const auto strides = lines_of(out + "/steps.csv");
  REQUIRE(strides.size() == live.size() + 1);
  CHECK(strides[0] == "step,side,contact_s,glute_ratio,glute_note");
  std::ostringstream first;
  first << "0," << to_string(live[0].side) << ",";
  CHECK_THAT(strides[1], Catch::StartsWith(first.str()) && Catch::EndsWith(",0.9,\"a, b\""));

  const auto cues = lines_of(out + "/cues.csv");
  REQUIRE(cues.size() == 2);
  // The why once, the reason's figures in columns of their own (none here), the decision time.
  CHECK(cues[0] ==
        "seq,kind,side,contact_s,decided_s,decision_ms,receipt_to_decision_ns,receipt_to_audio_ns,"
        "why,mode,misses,window,feedback_share,strike,strike_index,glute_pct_of_baseline,"
        "valr_bw_s,valr_limit_bw_s,cadence_steps_min,cadence_target_steps_min,glute_onset_ms,"
        "glute_onset_limit_ms,cue");
  CHECK(cues[1] ==
        "0,heel_strike,right,1.5,1.53,30,12345,,\"rearfoot strike (index 0.12), every-stride "
        "mode\",,,,,,,,,,,,,,0");
  const auto changes = lines_of(out + "/settings_changes.csv");
  REQUIRE(changes.size() == 2);
  CHECK(changes[0] == "session_time_s,source,cue.refractory_s");
  CHECK(changes[1] == "4.5,api,0.5");
  const auto session = nlohmann::json::parse(read_file(out + "/session.json"));
  CHECK(session["runner"] == "alice");
  CHECK(session["config"]["cue"]["mode"] == "every_stride");
  CHECK(session["layout"]["streams"].size() == 2);

  // The samples read back as a trial and give the live strides.
  std::ifstream samples(out + "/samples.csv", std::ios::binary);
  TrialCsvReader reader(samples, "samples.csv");
  REQUIRE(reader.failure().empty());
  const auto replayed = run_engine(reader, settings_for(config));
  REQUIRE(replayed.size() == live.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    INFO("stride " << i);
    CHECK(replayed[i].side == live[i].side);
    CHECK(replayed[i].contact_s == Approx(live[i].contact_s).margin(1e-9));
    CHECK(replayed[i].strike == live[i].strike);
  }
}

TEST_CASE("exporting a session the store does not have names it and the store") {
  TempDir dir("store-export-unknown");
  const std::string db = dir / "sessions.db";
  { SessionStore store(StoreOptions{db}); }
  CHECK_THROWS_AS(export_session_csv(db, 12, dir / "out"), UnknownSession);
  CHECK_THROWS_WITH(export_session_csv(db, 12, dir / "out"),
                    Catch::Contains("no session 12 in " + db));
}
