// Replaying a stored session offline through the engine gives the strides of the live run
// (DESIGN.md, principle 1): the simulator runs through a GaitEngine as the daemon would, every
// block and stride going into the store; a fresh engine then reads the session back.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/gait_engine.hpp"
#include "simulator/runner_simulator.hpp"
#include "store/stored_session_source.hpp"
#include "store_fixtures.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

// The recorder's part: strides into the store as they come (key fields; the daemon stores its
// event JSON).
struct StoringSink : StrideSink {
  SessionStore& store;
  std::int64_t session_id;
  std::vector<StrideRecord> strides;
  StoringSink(SessionStore& s, std::int64_t id) : store(s), session_id(id) {}
  void on_stride(const StrideRecord& r) override {
    strides.push_back(r);
    StoredStride row;
    row.index = static_cast<std::int64_t>(r.index);
    row.side = r.side;
    row.contact_s = r.contact_s;
    if (r.strike) row.strike = std::string(to_string(*r.strike));
    row.strike_index = r.strike_index;
    row.json = nlohmann::json{{"stride", r.index}, {"toe_off_s", r.toe_off_s}}.dump();
    store.add_stride(session_id, row);
  }
};

}  // namespace

TEST_CASE("a stored session replays through the engine to the same strides") {
  SimulatorConfig config;
  config.duration_s = 20.0;
  config.seed = 7;
  config.mix_start = {0.5, 0.25, 0.25};
  config.mix_end = {0.5, 0.25, 0.25};
  const auto layout = GENERATE(TreadmillLayout::split_belt, TreadmillLayout::single_belt);
  config.layout = layout;
  EngineSettings settings;
  settings.treadmill.layout = layout;
  add_known_runner(config, settings);
  INFO("treadmill " << to_string(layout));

  TempDir dir("store-replay");
  const std::string path = dir / "sessions.db";
  std::vector<StrideRecord> live;
  std::int64_t session_id = 0;
  std::size_t blocks = 0;
  {
    StoreOptions options;
    options.path = path;
    SessionStore store(options);
    RunnerSimulator sim(config);
    session_id = store.begin_session("alice", "{}", sim.layout()).id;
    GaitEngine engine(sim.layout(), settings);
    StoringSink sink(store, session_id);
    SampleBlock block;
    while (sim.next(block) == SourceStatus::block) {
      store.add_block(session_id, block);
      ++blocks;
      engine.process(block, sink);
    }
    engine.finish(sink);
    store.end_session(session_id, std::nullopt);
    live = sink.strides;
  }
  REQUIRE(live.size() > 50);

  StoredSessionSource source(path, session_id);
  const std::vector<StrideRecord> replayed = run_engine(source, settings);
  REQUIRE(replayed.size() == live.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    INFO("stride " << i);
    CHECK(replayed[i].index == live[i].index);
    CHECK(replayed[i].side == live[i].side);
    CHECK(replayed[i].contact_s == live[i].contact_s);
    CHECK(replayed[i].toe_off_s == live[i].toe_off_s);
    CHECK(replayed[i].strike == live[i].strike);
    CHECK(replayed[i].strike_index == live[i].strike_index);
    CHECK(replayed[i].peak_fz_n == live[i].peak_fz_n);
    CHECK(replayed[i].emg.glute_drop == live[i].emg.glute_drop);
  }

  // The stored rows are the live strides too, with the exact contact times.
  SessionReader reader(path);
  const auto stored = reader.strides(session_id);
  REQUIRE(stored.size() == live.size());
  std::size_t with_index = 0;
  for (std::size_t i = 0; i < live.size(); ++i) {
    INFO("stored stride " << i);
    CHECK(stored[i].index == static_cast<std::int64_t>(live[i].index));
    CHECK(stored[i].side == live[i].side);
    CHECK(stored[i].contact_s == live[i].contact_s);
    CHECK(stored[i].strike ==
          (live[i].strike ? std::optional<std::string>(to_string(*live[i].strike)) : std::nullopt));
    CHECK(stored[i].strike_index == live[i].strike_index);
    if (stored[i].strike_index) ++with_index;
  }
  CHECK(with_index > live.size() / 2);  // the comparison is not of empty values
  CHECK(reader.find_session(session_id)->summary.blocks == static_cast<std::int64_t>(blocks));
}
