// MergedSource: two devices on separate transports (force plates, EMG) as one session, through
// the daemon's sample path: one lane per device (BlockChannel), the feeder's producers, each
// device behind its timeline stage, and the test's thread in the engine thread's place,
// reading the lanes in session-time order (LaneMerge). Fake live children hand out scripted
// blocks with chosen counters and receipt times, so every figure here is exact: the layout and
// stream remap, the offset clock model (through a reconnect), a full lane dropping and
// counting, the refusals, a child's failure, no allocation per block, and the engine finding
// the same strides in a merge as in the simulator's single source.
#include <algorithm>
#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "drivers/scripted_source.hpp"
#include "engine/gait_engine.hpp"
#include "live/block_channel.hpp"
#include "live/source_feeder.hpp"
#include "simulator/runner_simulator.hpp"
#include "source/merged_source.hpp"
#include "support/allocation_counter.hpp"
#include "support/block_copy.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;
using Catch::Contains;

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kBase = 5'000'000 * kMs;  // an arbitrary host monotonic time

struct Scripted {
  std::uint16_t stream = 0;
  std::int64_t first_sample = 0;
  std::int64_t receipt_ns = 0;
  std::size_t frames = 0;
  std::vector<SourceEvent> events;  // reported with this block
};

// A live device from a script: its blocks in order (sample i, channel c of a block = first
// sample + i + c / 10, so copies can be checked), `waiting` while the gate holds them back,
// then `end`, a failure, or `waiting` for ever.
class FakeDevice final : public SampleSource {
 public:
  enum class After { end, fail, wait };

  FakeDevice(SourceLayout layout, std::vector<Scripted> script, After after = After::end,
             std::string failure = {})
      : layout_(std::move(layout)),
        script_(std::move(script)),
        after_(after),
        failure_text_(std::move(failure)) {
    std::size_t most = 0;
    for (const auto& s : script_)
      most = std::max(most, s.frames * layout_.streams.at(s.stream).channels.size());
    samples_.resize(most);
  }

  const SourceLayout& layout() const override { return layout_; }
  const std::string& failure() const override { return failure_; }
  bool is_live() const override { return true; }
  std::vector<SourceEvent> take_events() override { return std::exchange(events_, {}); }

  SourceStatus next(SampleBlock& block) override {
    thread_.store(std::this_thread::get_id());
    if (next_ >= script_.size()) {
      finished_.store(true);
      if (after_ == After::end) return SourceStatus::end;
      if (after_ == After::fail) {
        failure_ = failure_text_;
        return SourceStatus::failed;
      }
    }
    if (next_ >= script_.size() || next_ >= gate.load() || next_ >= taken.load() + window) {
      std::this_thread::sleep_for(std::chrono::microseconds(300));  // a device between reads
      return SourceStatus::waiting;
    }
    Scripted& s = script_[next_++];
    const std::size_t channels = layout_.streams[s.stream].channels.size();
    for (std::size_t f = 0; f < s.frames; ++f) {
      for (std::size_t c = 0; c < channels; ++c) {
        samples_[f * channels + c] =
            static_cast<float>(s.first_sample % 100000 + static_cast<std::int64_t>(f)) +
            static_cast<float>(c) / 10.0f;
      }
    }
    if (!s.events.empty()) events_ = std::move(s.events);
    block.stream = s.stream;
    block.first_sample = s.first_sample;
    block.receipt_ns = s.receipt_ns;
    block.frames = s.frames;
    block.channels = channels;
    block.samples = std::span<const float>(samples_.data(), s.frames * channels);
    return SourceStatus::block;
  }

  std::atomic<std::size_t> gate{std::numeric_limits<std::size_t>::max()};  // blocks let out
  // A device that keeps pace with the reader: at most `window` blocks ahead of those taken
  // (the rig counts them), so an unpaced script fits its lane. Unlimited unless set.
  std::atomic<std::size_t> taken{0};
  // Set before the device runs.
  std::atomic<std::size_t> window{std::numeric_limits<std::size_t>::max() / 2};
  std::atomic<bool> finished_{false};  // the script is done (its last block was delivered)
  std::atomic<std::thread::id> thread_{};

 private:
  SourceLayout layout_;
  std::vector<Scripted> script_;
  After after_;
  std::string failure_text_;
  std::string failure_;
  std::size_t next_ = 0;
  std::vector<float> samples_;
  std::vector<SourceEvent> events_;
};

StreamInfo force_stream(std::string name = "force", Plate left = Plate::left,
                        Plate right = Plate::right) {
  StreamInfo s;
  s.name = std::move(name);
  s.rate_hz = 1000.0;
  s.channels = {test::force_channel(Quantity::force_z, left, "left_fz_n"),
                test::force_channel(Quantity::force_z, right, "right_fz_n")};
  return s;
}

StreamInfo emg_stream(std::string name = "emg") {
  StreamInfo s;
  s.name = std::move(name);
  s.rate_hz = 2000.0;
  s.channels = {test::emg_channel("gmed", Side::left), test::emg_channel("gmed", Side::right)};
  return s;
}

// `count` blocks of `frames` on stream 0 from counter `first`; block k is received when its
// last sample is, on a device whose sample 0 is at host time `start_ns`, plus 1 ms transport.
std::vector<Scripted> steady(std::size_t count, std::size_t frames, double rate_hz,
                             std::int64_t first, std::int64_t start_ns) {
  std::vector<Scripted> out;
  for (std::size_t k = 0; k < count; ++k) {
    Scripted s;
    s.first_sample = first + static_cast<std::int64_t>(k * frames);
    const double end_s = static_cast<double>((k + 1) * frames) / rate_hz;
    s.receipt_ns = start_ns + std::llround(end_s * 1e9) + kMs;
    s.frames = frames;
    out.push_back(std::move(s));
  }
  return out;
}

SourceEvent event(SourceEvent::Kind kind, std::string device, double gap_s = 0.0) {
  SourceEvent e;
  e.kind = kind;
  e.device = std::move(device);
  e.gap_s = gap_s;
  return e;
}

struct Got {
  std::uint16_t stream = 0;
  test::BlockCopy copy;
};

MergedChild child(std::unique_ptr<SampleSource> source, std::string name) {
  return {std::move(source), std::move(name)};
}

// The daemon's sample path for a merge, without the daemon: a lane per device, the feeder's
// producers (started at once), and the test's thread as the engine thread.
struct MergeRig {
  explicit MergeRig(std::vector<MergedChild> children, MergeOptions options = {},
                    std::size_t lanes = 0,
                    std::size_t floats_per_slot = BlockChannel::kFloatsPerSlot)
      : owner(std::make_unique<MergedSource>(std::move(children), options)),
        merged(*owner),
        channel(lanes > 0 ? lanes : SourceFeeder::lanes_for(merged), floats_per_slot),
        feeder(std::move(owner), channel, 0.0, 0.0),
        reader(channel, merged.layout()) {
    feeder.start();
  }
  // Counts the blocks taken from each of these devices (children in order), which keeps a
  // device with a `window` that far ahead of the reader at most.
  void track(std::vector<FakeDevice*> devices) { paced = std::move(devices); }
  // Engine thread's step: the next block in session-time order, handed back at once.
  bool pop(SampleBlock& block) {
    if (!reader.pop(held)) return false;
    block = channel.pool[held].header;
    for (std::size_t c = paced.size(); c-- > 0;) {
      if (block.stream >= merged.first_stream(c)) {
        paced[c]->taken.fetch_add(1);
        break;
      }
    }
    return true;
  }
  void release() { channel.free.try_push(held); }

  std::unique_ptr<MergedSource> owner;
  MergedSource& merged;
  BlockChannel channel;
  SourceFeeder feeder;
  LaneMerge reader;
  std::vector<FakeDevice*> paced;
  std::uint16_t held = 0;
};

// Reads until the merge ends or fails (or `enough` blocks), keeping copies.
SourceStatus drain(MergeRig& rig, std::vector<Got>& got,
                   std::size_t enough = std::numeric_limits<std::size_t>::max()) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  SampleBlock block;
  while (got.size() < enough) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    if (rig.pop(block)) {
      got.push_back({block.stream, test::BlockCopy::of(block)});
      rig.release();
      continue;
    }
    if (rig.channel.source_failed()) return SourceStatus::failed;
    if (rig.channel.source_ended() && rig.reader.empty()) return SourceStatus::end;
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  return SourceStatus::block;
}

// Host time (s after kBase) of the end of a merged block, from its session counter, and from
// its receipt time: on one session timeline the two differ by the same constant for every block.
double session_end_s(const MergedSource& merged, const Got& g) {
  return static_cast<double>(g.copy.first_sample + static_cast<std::int64_t>(g.copy.frames)) /
         merged.layout().streams[g.stream].rate_hz;
}
double receipt_s(const Got& g) {
  return static_cast<double>(g.copy.receipt_ns - kBase) / 1e9;
}

}  // namespace

TEST_CASE("Merged source: streams concatenated, indices remapped, samples copied, then end",
          "[merge][threads]") {
  SourceLayout force_layout{{force_stream()}};
  SourceLayout emg_layout{{emg_stream(), emg_stream("imu")}};
  auto emg_script = steady(3, 20, 2000.0, 0, kBase);
  emg_script[1].stream = 1;  // the second block is the device's second stream, "imu"
  std::vector<MergedChild> children;
  children.push_back(
      child(std::make_unique<FakeDevice>(force_layout, steady(3, 10, 1000.0, 40, kBase)),
            "force plates"));
  children.push_back(child(std::make_unique<FakeDevice>(emg_layout, emg_script), "delsys"));
  MergeRig rig(std::move(children));
  MergedSource& merged = rig.merged;

  REQUIRE(merged.failure().empty());
  CHECK(merged.is_live());
  REQUIRE(merged.layout().streams.size() == 3);
  CHECK(merged.layout().streams[0].name == "force");
  CHECK(merged.layout().streams[1].name == "emg");
  CHECK(merged.layout().streams[2].name == "imu");
  CHECK(merged.first_stream(0) == 0);
  CHECK(merged.first_stream(1) == 1);

  std::vector<Got> got;
  REQUIRE(drain(rig, got) == SourceStatus::end);
  CHECK(rig.feeder.failure().empty());
  REQUIRE(got.size() == 6);
  std::array<int, 3> per_stream{};
  for (const Got& g : got) {
    ++per_stream[g.stream];
    const auto counter = static_cast<float>(g.copy.first_sample - *merged.counter_offset(g.stream));
    CHECK(g.copy.at(0, 0) == Approx(counter));
    CHECK(g.copy.at(g.copy.frames - 1, 1) ==
          Approx(counter + static_cast<float>(g.copy.frames - 1) + 0.1f));
  }
  CHECK(per_stream == std::array<int, 3>{3, 2, 1});
  CHECK(rig.channel.blocks_dropped.load() == 0);
}

TEST_CASE("Merged source: a block larger than a pool buffer comes out in contiguous pieces",
          "[merge][threads]") {
  std::vector<Scripted> script = steady(1, 10, 1000.0, 0, kBase);
  std::vector<MergedChild> children;
  children.push_back(
      child(std::make_unique<FakeDevice>(SourceLayout{{force_stream()}}, script), "plates"));
  MergeRig rig(std::move(children), {}, 0, 8);  // a slot of 8 floats: 4 frames of 2 channels
  std::vector<Got> got;
  REQUIRE(drain(rig, got) == SourceStatus::end);
  REQUIRE(got.size() == 3);
  CHECK(got[0].copy.frames == 4);
  CHECK(got[1].copy.frames == 4);
  CHECK(got[2].copy.frames == 2);
  CHECK(got[1].copy.first_sample == got[0].copy.first_sample + 4);
  CHECK(got[2].copy.first_sample == got[0].copy.first_sample + 8);
  CHECK(got[2].copy.at(1, 1) == Approx(9.1f));
}

TEST_CASE("Merged source: counters from unrelated starts line up on receipt time",
          "[merge][threads]") {
  // Both devices count from their own power-on; the EMG starts sampling 250 ms after the plates.
  const std::int64_t force_first = GENERATE(0, 123456);
  const std::int64_t emg_first = force_first == 0 ? 0 : 98765432;
  CAPTURE(force_first, emg_first);
  auto force = std::make_unique<FakeDevice>(SourceLayout{{force_stream()}},
                                            steady(60, 10, 1000.0, force_first, kBase));
  auto emg = std::make_unique<FakeDevice>(SourceLayout{{emg_stream()}},
                                          steady(40, 20, 2000.0, emg_first, kBase + 250 * kMs));
  FakeDevice& emg_device = *emg;
  emg_device.gate.store(0);  // the plates' first block sets T0: known, so the test is exact
  std::vector<MergedChild> children;
  children.push_back(child(std::move(force), "force plates"));
  children.push_back(child(std::move(emg), "delsys"));
  MergeRig rig(std::move(children));
  MergedSource& merged = rig.merged;

  std::vector<Got> got;
  drain(rig, got, 1);
  emg_device.gate.store(1000);
  REQUIRE(drain(rig, got) == SourceStatus::end);
  REQUIRE(got.size() == 100);
  REQUIRE(got[0].stream == 0);
  // T0 = the first receipt minus its 10 ms: the plates' sample 0 is session sample 0.
  CHECK(got[0].copy.first_sample == 0);
  CHECK(merged.counter_offset(0) == -force_first);
  // The EMG's counter 0 is 250 ms into the session: 500 samples at 2 kHz.
  CHECK(merged.counter_offset(1) == 500 - emg_first);
  const double shift_s = receipt_s(got[0]) - session_end_s(merged, got[0]);  // the 1 ms transport
  CHECK(shift_s == Approx(0.001).margin(1e-9));
  double worst_s = 0.0;
  for (const Got& g : got)
    worst_s = std::max(worst_s, std::abs(receipt_s(g) - session_end_s(merged, g) - shift_s));
  CHECK(worst_s <= 1.0 / 2000.0);
  WARN("worst misalignment " << worst_s * 1e6 << " us over " << got.size() << " blocks");
}

namespace {

struct DriftRun {
  std::optional<double> plates_ppm, emg_ppm;
  std::int64_t plates_correction = 0, emg_correction = 0;
  double last_emg_lag_s = 0.0;  // receipt of the EMG's last block minus its session end time
  double worst_step = 0.0;      // largest jump between consecutive EMG blocks, in samples
};

// 60 s of plates at 1 kHz and EMG at 2 kHz whose crystal runs 50 ppm slow: 60 s of its samples
// take 60.003 s of host time.
DriftRun run_slow_emg_clock(bool correct_drift) {
  auto emg = steady(3000, 40, 2000.0, 0, kBase);
  for (auto& b : emg) {
    const double host_s = static_cast<double>(b.receipt_ns - kBase - kMs) / 1e9;
    b.receipt_ns = kBase + kMs + std::llround(host_s * (1.0 + 50e-6) * 1e9);
  }
  std::vector<MergedChild> children;
  children.push_back(child(std::make_unique<FakeDevice>(SourceLayout{{force_stream()}},
                                                        steady(6000, 10, 1000.0, 0, kBase)),
                           "force plates"));
  auto emg_device = std::make_unique<FakeDevice>(SourceLayout{{emg_stream()}}, emg);
  FakeDevice& emg_gate = *emg_device;
  emg_gate.gate.store(0);  // the plates' first block sets T0: known, so the lag is exact
  auto* plates = static_cast<FakeDevice*>(children.front().source.get());
  children.push_back(child(std::move(emg_device), "delsys"));
  plates->window = 128;  // the fakes are not paced: keep within their lanes (256 slots)
  emg_gate.window = 128;
  MergeOptions options;
  options.correct_drift = correct_drift;
  MergeRig rig(std::move(children), options);
  MergedSource& merged = rig.merged;
  rig.track({plates, &emg_gate});
  std::vector<Got> got;
  // All the plates' blocks first (the EMG is gated): the reference clock's rate is then known
  // before the EMG arrives, whichever thread the scheduler runs first. Opened after one block,
  // the EMG thread could deliver everything before the plates had 10 s of span, and no
  // correction was ever made (1 run in 10 under load).
  drain(rig, got, 6000);
  emg_gate.gate.store(10000);
  REQUIRE(drain(rig, got) == SourceStatus::end);
  DriftRun run;
  run.plates_ppm = merged.drift_ppm(0);
  run.emg_ppm = merged.drift_ppm(1);
  run.plates_correction = merged.drift_correction(0);
  run.emg_correction = merged.drift_correction(1);
  std::optional<std::int64_t> expected;
  for (const Got& g : got) {
    if (g.stream != 1) continue;
    if (expected) {
      run.worst_step =
          std::max(run.worst_step, std::abs(static_cast<double>(g.copy.first_sample - *expected)));
    }
    expected = g.copy.first_sample + 40;
    run.last_emg_lag_s = receipt_s(g) - 0.001 - session_end_s(merged, g);
  }
  CHECK_FALSE(merged.drift_ppm(1, 120.0));  // less than 120 s of data
  return run;
}

}  // namespace

TEST_CASE("Merged source: drift between device clocks is measured and corrected",
          "[merge][threads]") {
  const DriftRun run = run_slow_emg_clock(true);
  REQUIRE(run.plates_ppm);
  REQUIRE(run.emg_ppm);
  CHECK(*run.plates_ppm == Approx(0.0).margin(0.5));
  CHECK(*run.emg_ppm == Approx(50.0).margin(0.5));
  // The EMG follows the plates' clock: 6 samples (3 ms) gained over 60 s, one at a time, and
  // its last block lands at its receipt time.
  CHECK(run.plates_correction == 0);
  CHECK(run.emg_correction == 6);
  CHECK(run.worst_step <= 1.0);
  CHECK(std::abs(run.last_emg_lag_s) <= 0.0005);
  WARN("drift estimates: plates " << *run.plates_ppm << " ppm, EMG " << *run.emg_ppm << " ppm; EMG "
                                  << run.last_emg_lag_s * 1e3 << " ms off after 60 s, "
                                  << run.emg_correction << " samples added");
}

TEST_CASE("Merged source: without drift correction a slow clock falls behind", "[merge][threads]") {
  const DriftRun run = run_slow_emg_clock(false);
  CHECK(run.emg_correction == 0);
  CHECK(run.worst_step == 0.0);
  // After 60 s the EMG's last block sits 3 ms (6 samples) early on the timeline.
  CHECK(run.last_emg_lag_s == Approx(0.003).margin(0.0005));
}

TEST_CASE("Merged source: drift is followed through jittery transports", "[merge][threads]") {
  // 5 minutes. The EMG's crystal runs 30 ppm fast (its 300 s take 299.991 s of host time) and
  // its TCP reads arrive 0.5-8 ms after the samples, with a 40 ms stall every 500th read; the
  // plates' USB transfers arrive 0.2-2 ms after theirs. Uncorrected, the EMG would end 9 ms
  // (18 samples) late against the plates.
  constexpr double kFast = 30e-6;
  std::uint64_t lcg = 12345;
  const auto uniform = [&lcg](double lo, double hi) {
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(lcg >> 11) / 9007199254740992.0;
  };
  const auto true_end_s = [](std::int64_t end, double rate_hz, double fast) {
    return static_cast<double>(end) / rate_hz * (1.0 - fast);
  };
  auto plates = steady(30000, 10, 1000.0, 0, kBase);
  for (auto& b : plates) {
    const double end_s = true_end_s(b.first_sample + 10, 1000.0, 0.0);
    b.receipt_ns = kBase + std::llround((end_s + uniform(0.0002, 0.002)) * 1e9);
  }
  auto emg = steady(15000, 40, 2000.0, 0, kBase);
  for (std::size_t k = 0; k < emg.size(); ++k) {
    const double end_s = true_end_s(emg[k].first_sample + 40, 2000.0, kFast);
    const double latency_s = (k % 500 == 499) ? 0.040 : uniform(0.0005, 0.008);
    emg[k].receipt_ns = kBase + std::llround((end_s + latency_s) * 1e9);
  }
  auto plates_device = std::make_unique<FakeDevice>(SourceLayout{{force_stream()}}, plates);
  auto emg_device = std::make_unique<FakeDevice>(SourceLayout{{emg_stream()}}, emg);
  FakeDevice& plates_gate = *plates_device;
  FakeDevice& emg_gate = *emg_device;
  plates_gate.gate.store(0);
  emg_gate.gate.store(0);
  std::vector<MergedChild> children;
  children.push_back(child(std::move(plates_device), "force plates"));
  children.push_back(child(std::move(emg_device), "delsys"));
  MergeRig rig(std::move(children));
  MergedSource& merged = rig.merged;
  std::vector<Got> got;
  // Both devices let out 0.2 s of blocks at a time, as live devices would keep pace.
  for (std::size_t step = 1; step <= 1500; ++step) {
    plates_gate.gate.store(20 * step);
    emg_gate.gate.store(10 * step);
    drain(rig, got, 30 * step);
  }
  REQUIRE(drain(rig, got) == SourceStatus::end);
  REQUIRE(merged.drift_ppm(1));
  CHECK(*merged.drift_ppm(1) == Approx(-30.0).margin(2.0));
  CHECK(merged.drift_correction(1) == -9 * 2);

  // Where each EMG block really ended (host time) against where the merge put it; the first
  // block's transport latency is a constant offset, so compare with the first block.
  std::optional<double> first_error_s;
  double worst_s = 0.0, last_s = 0.0;
  std::optional<std::int64_t> expected;
  double worst_step = 0.0;
  for (const Got& g : got) {
    if (g.stream != 1) continue;
    if (expected) {
      worst_step =
          std::max(worst_step, std::abs(static_cast<double>(g.copy.first_sample - *expected)));
    }
    expected = g.copy.first_sample + 40;
  }
  // The device counter of each block is known from its order: block k ends at 40 (k + 1).
  std::size_t k = 0;
  for (const Got& g : got) {
    if (g.stream != 1) continue;
    const double truth_s = true_end_s(static_cast<std::int64_t>(40 * (k + 1)), 2000.0, kFast);
    const double error_s = truth_s - session_end_s(merged, g);
    if (!first_error_s) first_error_s = error_s;
    last_s = error_s - *first_error_s;
    worst_s = std::max(worst_s, std::abs(last_s));
    ++k;
  }
  REQUIRE(k == 15000);
  CHECK(worst_step <= 1.0);
  CHECK(std::abs(last_s) <= 0.0005);  // within a sample at the end
  CHECK(worst_s <= 0.001);            // within two samples throughout
  WARN("jittery transports: EMG drift "
       << *merged.drift_ppm(1) << " ppm, " << merged.drift_correction(1) << " samples; alignment "
       << last_s * 1e3 << " ms at the end, worst " << worst_s * 1e3 << " ms over 5 min");
}

TEST_CASE("Merged source: a child that reconnects keeps its alignment and reports its events",
          "[merge][threads]") {
  // Plates: 3 s without a break. EMG: 0.5 s, then the link drops for 1.5 s; the driver resumes
  // with its counter moved on by the gap (DelsysTrignoSource does), and streams 1 s more.
  auto plates = steady(300, 10, 1000.0, 777, kBase);
  plates[0].events = {event(SourceEvent::Kind::connected, "usb 1-1")};
  auto emg = steady(50, 20, 2000.0, 0, kBase + 30 * kMs);
  emg[0].events = {event(SourceEvent::Kind::connected, "tcp 10.0.0.5:50043")};
  auto after = steady(50, 20, 2000.0, 1000 + 3000, kBase + 30 * kMs + 2000 * kMs);
  after[0].events = {event(SourceEvent::Kind::lost, "tcp 10.0.0.5:50043"),
                     event(SourceEvent::Kind::resumed, "tcp 10.0.0.5:50043", 1.5)};
  emg.insert(emg.end(), after.begin(), after.end());
  auto emg_device = std::make_unique<FakeDevice>(SourceLayout{{emg_stream()}}, emg);
  emg_device->gate.store(0);
  FakeDevice& emg_ref = *emg_device;
  auto plates_device = std::make_unique<FakeDevice>(SourceLayout{{force_stream()}}, plates);
  FakeDevice& plates_ref = *plates_device;
  plates_ref.window = 128;  // the fakes are not paced: keep within their lanes (256 slots)
  emg_ref.window = 128;
  std::vector<MergedChild> children;
  children.push_back(child(std::move(plates_device), "force plates"));
  children.push_back(child(std::move(emg_device), "delsys"));
  MergeRig rig(std::move(children));
  MergedSource& merged = rig.merged;
  rig.track({&plates_ref, &emg_ref});

  std::vector<Got> got;
  drain(rig, got, 1);
  emg_ref.gate.store(1000);
  REQUIRE(drain(rig, got) == SourceStatus::end);
  CHECK(rig.channel.blocks_dropped.load() == 0);
  REQUIRE(got.size() == 400);
  const double shift_s = receipt_s(got[0]) - session_end_s(merged, got[0]);
  double worst_after_gap_s = 0.0;
  std::size_t after_gap = 0;
  for (const Got& g : got) {
    const double error_s = std::abs(receipt_s(g) - session_end_s(merged, g) - shift_s);
    CHECK(error_s <= 1.0 / 2000.0);
    if (g.stream == 1 && g.copy.first_sample >= 4000 + *merged.counter_offset(1)) {
      ++after_gap;
      worst_after_gap_s = std::max(worst_after_gap_s, error_s);
    }
  }
  CHECK(after_gap == 50);
  WARN("after the reconnect: worst misalignment " << worst_after_gap_s * 1e6 << " us");

  const auto events = rig.feeder.take_events();
  REQUIRE(events.size() == 4);
  std::vector<std::string> emg_events;
  for (const auto& e : events) {
    if (e.device == "usb 1-1") CHECK(e.kind == SourceEvent::Kind::connected);
    if (e.device == "tcp 10.0.0.5:50043") emg_events.emplace_back(to_string(e.kind));
    if (e.kind == SourceEvent::Kind::resumed) CHECK(e.gap_s == 1.5);
  }
  CHECK(emg_events == std::vector<std::string>{"connected", "lost", "resumed"});
  CHECK(rig.feeder.take_events().empty());
}

TEST_CASE("Merged source: a full lane drops the blocks it has no slot for and counts them",
          "[merge][threads]") {
  auto device = std::make_unique<FakeDevice>(SourceLayout{{force_stream()}},
                                             steady(10, 10, 1000.0, 0, kBase));
  FakeDevice& ref = *device;
  ref.gate.store(0);
  std::vector<MergedChild> children;
  children.push_back(child(std::move(device), "force plates"));
  // 128 lanes of the channel's 512 slots: the device's lane has 4.
  MergeRig rig(std::move(children), {}, 128);
  REQUIRE(rig.channel.slots_per_lane == 4);
  ref.gate.store(10);
  while (!ref.finished_.load())  // all 10 committed (or dropped) before anyone reads
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<Got> got;
  REQUIRE(drain(rig, got) == SourceStatus::end);
  // A device cannot wait, and a slot the engine may be reading cannot be taken back: the
  // blocks that found no free slot are lost, counted once, by the channel.
  CHECK(rig.channel.blocks_dropped.load() == 6);
  CHECK(rig.channel.blocks_in.load() == 4);
  // Children without counters of their own add none to the status.
  CHECK(rig.merged.health().empty());
  REQUIRE(got.size() == 4);
  for (std::size_t i = 0; i < got.size(); ++i)  // the first four: blocks 0 … 3
    CHECK(got[i].copy.first_sample == static_cast<std::int64_t>(10 * i));
}

TEST_CASE("Merged source: refuses clashing streams and plates, and live mixed with offline",
          "[merge]") {
  const auto make = [](std::vector<StreamInfo> a, std::vector<StreamInfo> b) {
    std::vector<MergedChild> children;
    children.push_back(
        child(std::make_unique<FakeDevice>(SourceLayout{std::move(a)}, std::vector<Scripted>{}),
              "treadmill (usb 1-1)"));
    children.push_back(
        child(std::make_unique<FakeDevice>(SourceLayout{std::move(b)}, std::vector<Scripted>{}),
              "delsys (tcp 10.0.0.5)"));
    return MergedSource(std::move(children));
  };
  CHECK_THROWS_WITH(make({force_stream()}, {emg_stream("force")}),
                    Contains("'treadmill (usb 1-1)' and 'delsys (tcp 10.0.0.5)' both have a "
                             "stream named 'force'"));
  CHECK_THROWS_WITH(make({force_stream()}, {force_stream("force2", Plate::belt, Plate::left)}),
                    Contains("'treadmill (usb 1-1)' (left_fz_n) and 'delsys (tcp 10.0.0.5)' "
                             "(right_fz_n) both measure plate 'left'"));
  CHECK_NOTHROW(make({force_stream()}, {emg_stream()}));

  std::vector<MergedChild> mixed;
  mixed.push_back(child(std::make_unique<RunnerSimulator>(SimulatorConfig{}), "simulator"));
  mixed.push_back(child(
      std::make_unique<FakeDevice>(SourceLayout{{emg_stream("emg2")}}, std::vector<Scripted>{}),
      "delsys (tcp 10.0.0.5)"));
  CHECK_THROWS_WITH(MergedSource(std::move(mixed)),
                    Contains("'delsys (tcp 10.0.0.5)' is a live device but 'simulator' is not"));
  CHECK_THROWS_WITH(MergedSource(std::vector<MergedChild>{}), Contains("no sources to merge"));
}

TEST_CASE("Merged source: one child failing fails the merge, named", "[merge][threads]") {
  std::vector<MergedChild> children;
  children.push_back(
      child(std::make_unique<FakeDevice>(SourceLayout{{force_stream()}},
                                         steady(5, 10, 1000.0, 0, kBase), FakeDevice::After::wait),
            "force plates (usb 1-1)"));
  children.push_back(child(
      std::make_unique<FakeDevice>(SourceLayout{{emg_stream()}}, steady(2, 20, 2000.0, 0, kBase),
                                   FakeDevice::After::fail,
                                   "the server says the sensors sample at 1111 Hz, not 2000 Hz"),
      "delsys (tcp 10.0.0.5:50040)"));
  MergeRig rig(std::move(children));
  std::vector<Got> got;
  REQUIRE(drain(rig, got) == SourceStatus::failed);
  CHECK(rig.feeder.failure() ==
        "delsys (tcp 10.0.0.5:50040): the server says the sensors sample at 1111 Hz, not 2000 Hz");
  // The engine thread stops on it (one device failing fails the session).
  CHECK(rig.channel.source_failed());
  // A live merge is read through the lanes only.
  SampleBlock block;
  CHECK(rig.merged.next(block) == SourceStatus::failed);
  CHECK_THAT(rig.merged.failure(), Contains("read through the daemon's lanes"));
}

TEST_CASE("Merged source: no allocation per block on the device threads or the reader",
          "[merge][alloc][threads]") {
  auto force = std::make_unique<FakeDevice>(SourceLayout{{force_stream()}},
                                            steady(3000, 10, 1000.0, 0, kBase));
  auto emg = std::make_unique<FakeDevice>(SourceLayout{{emg_stream()}},
                                          steady(3000, 20, 2000.0, 0, kBase + 7 * kMs));
  std::array<FakeDevice*, 2> devices{force.get(), emg.get()};
  std::vector<MergedChild> children;
  children.push_back(child(std::move(force), "force plates"));
  children.push_back(child(std::move(emg), "delsys"));
  // Each device stays at most 32 blocks ahead of the reader: nothing is dropped. (Set before
  // the devices run: the rig starts them.)
  std::array<std::size_t, 2> read{};
  for (auto* d : devices)
    d->gate.store(32);
  MergeRig rig(std::move(children));
  SampleBlock block;
  const auto read_blocks = [&](std::size_t count) {
    std::size_t n = 0;
    while (n < count) {
      if (!rig.pop(block)) continue;
      const std::size_t c = block.stream;  // one stream per child
      rig.release();
      devices[c]->gate.store(++read[c] + 32);
      ++n;
    }
  };
  read_blocks(200);  // warm up: the threads start, the pool's buffers are all used once
  for (std::size_t watched = 0; watched < 2; ++watched) {
    test::watch_thread(devices[watched]->thread_.load());
    test::start_counting_allocations();
    read_blocks(2000);
    const long in_next = test::stop_counting_allocations();
    test::stop_watching();
    CAPTURE(watched);
    CHECK(test::watched_thread_allocations() == 0);
    CHECK(in_next == 0);
  }
  CHECK(rig.channel.blocks_dropped.load() == 0);
}

namespace {

// How far the reader has got on each device's session time. Two real devices sample in step
// with the same wall clock; these fakes keep in step with the reader instead (deterministic,
// and no wall-clock speed assumed): a device hands out a block only while it ends at most
// 0.1 s after the least far of them, so neither runs ahead of the other and none is dropped.
struct ReadProgress {
  std::array<std::atomic<double>, 2> end_s{};
  bool allows(double block_end_s) const {
    return block_end_s <= std::min(end_s[0].load(), end_s[1].load()) + 0.1;
  }
};

// One stream of the simulator's output as a device of its own: a force plate that knows
// nothing of EMG, or an EMG system that knows nothing of plates. Live: its counter starts at
// `counter_start`, and each block is received 2 ms after its last sample (host time of
// session 0 = kBase). Offline: the simulator's own counters, no receipt times.
class SimulatorCut final : public SampleSource {
 public:
  SimulatorCut(const SimulatorConfig& config, std::size_t stream, bool live,
               std::int64_t counter_start = 0, const ReadProgress* progress = nullptr)
      : sim_(config),
        stream_(stream),
        live_(live),
        counter_start_(counter_start),
        progress_(progress) {
    layout_.streams = {sim_.layout().streams.at(stream)};
  }
  const SourceLayout& layout() const override { return layout_; }
  const std::string& failure() const override { return sim_.failure(); }
  bool is_live() const override { return live_; }

  SourceStatus next(SampleBlock& block) override {
    if (!pending_) {
      for (;;) {
        const SourceStatus status = sim_.next(pending_block_);
        if (status != SourceStatus::block) return status;
        if (pending_block_.stream == stream_) break;
      }
      pending_ = true;
    }
    // The simulator's block stays valid until its next call: hold it while the reader lags.
    const double end_s = static_cast<double>(pending_block_.first_sample +
                                             static_cast<std::int64_t>(pending_block_.frames)) /
                         layout_.streams[0].rate_hz;
    if (progress_ && !progress_->allows(end_s)) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      return SourceStatus::waiting;
    }
    pending_ = false;
    block = pending_block_;
    block.stream = 0;
    if (live_) {
      block.receipt_ns = kBase + 2 * kMs + std::llround(end_s * 1e9);
      block.first_sample += counter_start_;
    }
    return SourceStatus::block;
  }

 private:
  RunnerSimulator sim_;
  SourceLayout layout_;
  std::size_t stream_;
  bool live_;
  std::int64_t counter_start_;
  const ReadProgress* progress_;
  SampleBlock pending_block_;
  bool pending_ = false;
};

std::vector<StrideRecord> run_merged(MergeRig& rig, const EngineSettings& settings,
                                     ReadProgress* progress) {
  const MergedSource& merged = rig.merged;
  GaitEngine engine(merged.layout(), settings);
  test::CollectStrides out;
  SampleBlock block;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    if (!rig.pop(block)) {
      if (rig.channel.source_failed()) break;
      if (rig.channel.source_ended() && rig.reader.empty()) break;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
      continue;
    }
    engine.process(block, out);
    if (progress) {  // session time, which the offsets made the simulator's own time
      const StreamInfo& stream = merged.layout().streams[block.stream];
      progress->end_s[block.stream].store(
          static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
          stream.rate_hz);
    }
    rig.release();
  }
  engine.finish(out);
  REQUIRE(rig.feeder.failure().empty());
  REQUIRE(rig.channel.source_ended());
  return out.strides;
}

}  // namespace

TEST_CASE("Merged source: force plates and EMG as two devices give the simulator's strides",
          "[merge][engine][threads]") {
  SimulatorConfig config;
  config.duration_s = 40.0;
  config.seed = 21;
  EngineSettings settings;
  add_known_runner(config, settings);
  RunnerSimulator single(config);
  const auto expected = test::run_engine(single, settings);
  REQUIRE(expected.size() > 100);

  const bool live = GENERATE(true, false);
  CAPTURE(live);
  ReadProgress progress;
  std::vector<MergedChild> children;
  // Live: counters from unrelated starts, as two devices switched on at different moments.
  children.push_back(
      child(std::make_unique<SimulatorCut>(config, 0, live, 4242, live ? &progress : nullptr),
            "force plates"));
  children.push_back(
      child(std::make_unique<SimulatorCut>(config, 1, live, 31337000, live ? &progress : nullptr),
            "delsys"));
  MergeRig rig(std::move(children));
  const auto found = run_merged(rig, settings, live ? &progress : nullptr);
  CHECK(rig.channel.blocks_dropped.load() == 0);

  REQUIRE(found.size() == expected.size());
  double worst_contact_s = 0.0;
  std::size_t with_glute = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    CHECK(found[i].side == expected[i].side);
    worst_contact_s =
        std::max(worst_contact_s, std::abs(found[i].contact_s - expected[i].contact_s));
    const MuscleActivation* want = expected[i].gmed();
    const MuscleActivation* got = found[i].gmed();
    REQUIRE(want);
    REQUIRE(got);
    INFO("stride " << i << " at " << found[i].contact_s << " s");
    REQUIRE(want->activation_v.has_value() == got->activation_v.has_value());
    if (got->activation_v) {
      ++with_glute;
      CHECK(*got->activation_v == Approx(*want->activation_v).epsilon(1e-6));
    }
  }
  CHECK(worst_contact_s <= 0.001);
  CHECK(with_glute > found.size() * 9 / 10);
  WARN((live ? "live" : "offline")
       << " merge: " << found.size() << " strides, worst contact " << worst_contact_s * 1e3
       << " ms from the single source, " << with_glute << " with glute activation");
}

TEST_CASE("A live device's blocks stop at the run's duration, in front of its lane",
          "[merge][threads]") {
  // `stridecue run --seconds 0.5` on a device: 100 blocks of 10 ms, the first 50 end by 0.5 s.
  BlockChannel channel(1);
  SourceFeeder feeder(std::make_unique<FakeDevice>(SourceLayout{{force_stream()}},
                                                   steady(100, 10, 1000.0, 0, kBase)),
                      channel, 1.0, 0.5);
  feeder.start();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!channel.source_ended())
    REQUIRE(std::chrono::steady_clock::now() < give_up);
  feeder.stop();
  CHECK(channel.blocks_in.load() == 50);
  CHECK(channel.blocks_dropped.load() == 0);
  CHECK(feeder.failure().empty());
  LaneMerge reader(channel, SourceLayout{{force_stream()}});
  std::uint16_t slot = 0;
  std::int64_t last_end = 0;
  while (reader.pop(slot)) {
    const SampleBlock& b = channel.pool[slot].header;
    last_end = b.first_sample + static_cast<std::int64_t>(b.frames);
  }
  CHECK(last_end == 500);
}
