// ReadAheadSource: another thread reads, the caller gets the same blocks in the same order,
// each valid until its next call, and failures and their messages as the inner source gave them.
#include <sched.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "drivers/drained_source.hpp"
#include "drivers/scripted_source.hpp"
#include "files/read_ahead_source.hpp"
#include "files/trial_csv_reader.hpp"
#include "files/trial_csv_writer.hpp"
#include "simulator/runner_simulator.hpp"

namespace stridecue {
namespace {

using test::drain;
using test::ScriptedSource;

SourceLayout force_and_emg_layout() {
  SourceLayout layout;
  layout.streams.resize(2);
  layout.streams[0].name = "force";
  layout.streams[0].rate_hz = 1000.0;
  layout.streams[0].channels = {test::force_channel(Quantity::force_z, Plate::left),
                                test::force_channel(Quantity::force_z, Plate::right)};
  layout.streams[1].name = "emg";
  layout.streams[1].rate_hz = 2000.0;
  layout.streams[1].channels = {test::emg_channel("gluteus_medius", Side::left)};
  return layout;
}

// Every sample different, so that a block handed out of order or overwritten shows.
std::unique_ptr<ScriptedSource> scripted(double duration_s = 3.0) {
  return std::make_unique<ScriptedSource>(
      force_and_emg_layout(), duration_s, 0.01,
      [](std::size_t stream, std::int64_t sample, std::size_t channel) {
        return static_cast<float>(stream * 1000000 + static_cast<std::size_t>(sample) * 10 +
                                  channel);
      });
}

TEST_CASE("read ahead: a trial CSV gives the same blocks as read on the caller's thread") {
  // The real reader on the thread, so that TSan sees everything it touches.
  SimulatorConfig config;
  config.duration_s = 10.0;
  config.seed = 18;
  RunnerSimulator sim(config);
  std::ostringstream csv;
  std::string error;
  REQUIRE(write_trial_csv(sim, csv, &error));
  std::istringstream direct_text(csv.str());
  TrialCsvReader direct(direct_text, "trial.csv");
  const test::Drained expected = drain(direct);
  REQUIRE(expected.status == SourceStatus::end);
  std::istringstream text(csv.str());  // outlives the source, declared before it
  ReadAheadSource source(std::make_unique<TrialCsvReader>(text, "trial.csv"));
  const test::Drained got = drain(source);
  CHECK(got.status == SourceStatus::end);
  CHECK(got.samples == expected.samples);
  CHECK(got.blocks.size() == expected.blocks.size());
}

// Hands out `blocks` blocks of the scripted source, then fails with a message.
class FailingAfter final : public SampleSource {
 public:
  explicit FailingAfter(int blocks) : inner_(scripted()), blocks_(blocks) {}
  const SourceLayout& layout() const override { return inner_->layout(); }
  const std::string& failure() const override { return failure_; }
  SourceStatus next(SampleBlock& block) override {
    if (blocks_-- > 0) return inner_->next(block);
    failure_ = "trial.csv:12:3: not a number: \"x\"";
    return SourceStatus::failed;
  }

 private:
  std::unique_ptr<ScriptedSource> inner_;
  int blocks_;
  std::string failure_;
};

TEST_CASE("read ahead: the same blocks in the same order, whatever the number of slots") {
  const test::Drained expected = drain(*scripted());
  REQUIRE(expected.blocks.size() == 600);  // 300 blocks per stream, far more than the slots
  for (const std::size_t slots : {std::size_t{2}, std::size_t{3}, ReadAheadSource::default_slots}) {
    INFO("slots " << slots);
    ReadAheadSource source(scripted(), slots);
    CHECK(source.layout().streams.size() == 2);
    const test::Drained got = drain(source);
    CHECK(got.status == SourceStatus::end);
    CHECK(got.samples == expected.samples);
    REQUIRE(got.blocks.size() == expected.blocks.size());
    for (std::size_t i = 0; i < got.blocks.size(); ++i) {
      CHECK(got.blocks[i].stream == expected.blocks[i].stream);
      CHECK(got.blocks[i].first_sample == expected.blocks[i].first_sample);
    }
  }
}

TEST_CASE("read ahead: a block stays as it was while the reader fills the other slots") {
  ReadAheadSource source(scripted(), 2);
  SampleBlock block;
  REQUIRE(source.next(block) == SourceStatus::block);
  const std::vector<float> first(block.samples.begin(), block.samples.end());
  // Time for the reader to fill every slot it may; it must leave this block's alone.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(std::vector<float>(block.samples.begin(), block.samples.end()) == first);
  CHECK(block.first_sample == 0);
  REQUIRE(source.next(block) == SourceStatus::block);
  CHECK(block.stream == 1);  // the scripted source alternates its streams
}

TEST_CASE("read ahead: a failure comes after the blocks before it, with its message") {
  ReadAheadSource source(std::make_unique<FailingAfter>(5), 2);
  SampleBlock block;
  for (int i = 0; i < 5; ++i) {
    REQUIRE(source.next(block) == SourceStatus::block);
    CHECK(source.failure().empty());
  }
  CHECK(source.next(block) == SourceStatus::failed);
  CHECK(source.failure() == "trial.csv:12:3: not a number: \"x\"");
  CHECK(source.next(block) == SourceStatus::failed);  // failed sources stay so
}

// Hands out two blocks, then throws, as a reader might on a bad allocation or a database error.
class ThrowingAfterTwo final : public SampleSource {
 public:
  ThrowingAfterTwo() : inner_(scripted()) {}
  const SourceLayout& layout() const override { return inner_->layout(); }
  const std::string& failure() const override { return failure_; }
  SourceStatus next(SampleBlock& block) override {
    if (given_++ < 2) return inner_->next(block);
    throw std::runtime_error("sessions.db: disk I/O error");
  }

 private:
  std::unique_ptr<ScriptedSource> inner_;
  int given_ = 0;
  std::string failure_;
};

TEST_CASE("read ahead: what the source throws is thrown to the caller, after its blocks") {
  ReadAheadSource source(std::make_unique<ThrowingAfterTwo>(), 4);
  SampleBlock block;
  REQUIRE(source.next(block) == SourceStatus::block);
  REQUIRE(source.next(block) == SourceStatus::block);
  CHECK_THROWS_WITH(source.next(block), "sessions.db: disk I/O error");
  CHECK(source.next(block) == SourceStatus::failed);
}

TEST_CASE("read ahead: a source that failed when opened says so before any block is read") {
  ReadAheadSource source(open_trial_csv("no/such/trial.csv"));
  CHECK_THAT(source.failure(), Catch::Contains("no/such/trial.csv: cannot open"));
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::failed);
  CHECK_THAT(source.failure(), Catch::Contains("no/such/trial.csv: cannot open"));
}

TEST_CASE("read ahead: left before the end, the reader thread stops") {
  // The reader waits for a free slot when the caller goes: the destructor must wake it.
  for (const int taken : {0, 1, 10}) {
    auto source = std::make_unique<ReadAheadSource>(scripted(60.0), 4);
    SampleBlock block;
    for (int i = 0; i < taken; ++i)
      REQUIRE(source->next(block) == SourceStatus::block);
    source.reset();  // returns: the thread was joined
    SUCCEED("stopped after " << taken << " blocks");
  }
}

// Runs `body` with this thread allowed on `cpus` only, then restores its affinity.
template <class Body>
void with_cpus(int cpus, Body body) {
  cpu_set_t before;
  REQUIRE(sched_getaffinity(0, sizeof(before), &before) == 0);
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  for (int cpu = 0, added = 0; cpu < CPU_SETSIZE && added < cpus; ++cpu) {
    if (CPU_ISSET(cpu, &before)) {
      CPU_SET(cpu, &allowed);
      ++added;
    }
  }
  REQUIRE(sched_setaffinity(0, sizeof(allowed), &allowed) == 0);
  body();
  REQUIRE(sched_setaffinity(0, sizeof(before), &before) == 0);
}

TEST_CASE("read ahead: only where a second CPU may run the reader") {
  with_cpus(1, [] {
    auto source = scripted();
    const SampleSource* inner = source.get();
    CHECK(read_ahead_when_cores_allow(std::move(source)).get() == inner);
  });
  cpu_set_t cpus;
  REQUIRE(sched_getaffinity(0, sizeof(cpus), &cpus) == 0);
  if (CPU_COUNT(&cpus) >= 2) {
    with_cpus(2, [] {
      auto source = scripted();
      const SampleSource* inner = source.get();
      const auto wrapped = read_ahead_when_cores_allow(std::move(source));
      CHECK(wrapped.get() != inner);
      CHECK(dynamic_cast<const ReadAheadSource*>(wrapped.get()) != nullptr);
    });
  }
}

}  // namespace
}  // namespace stridecue
