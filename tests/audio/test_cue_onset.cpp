// Sample-accurate cue onsets: a cue with a target time starts at the frame of its buffer where
// the target falls, not at the buffer's first frame, and waits for a later buffer when its
// target lies beyond this one. Checked on the pure mapping and in the stream SDL's disk driver
// writes, sample by sample.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "disk_capture.hpp"
#include "realtime/monotonic_clock.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("a target maps to the first frame at or after it", "[audio]") {
  // 1 kHz: one frame per millisecond, so every expected offset is exact.
  constexpr int rate = 1000;
  constexpr std::size_t frames = 100;
  constexpr std::int64_t start = 5'000'000'000;
  constexpr std::int64_t ms = 1'000'000;
  CHECK(onset_offset_frames(start - 3 * ms, start, rate, frames) == 0);  // passed: at once
  CHECK(onset_offset_frames(start, start, rate, frames) == 0);
  CHECK(onset_offset_frames(start + 1, start, rate, frames) == 1);  // never before the target
  CHECK(onset_offset_frames(start + 5 * ms, start, rate, frames) == 5);
  CHECK(onset_offset_frames(start + 5 * ms + 1, start, rate, frames) == 6);
  CHECK(onset_offset_frames(start + 99 * ms, start, rate, frames) == 99);
  // Past the last frame: a later buffer.
  CHECK(onset_offset_frames(start + 99 * ms + 1, start, rate, frames) == frames);
  CHECK(onset_offset_frames(start + 100 * ms, start, rate, frames) == frames);
  CHECK(onset_offset_frames(start + 3600'000 * ms, start, rate, frames) == frames);
  // At 48 kHz frame 128 begins at 2.6666… ms: the first frame at or after 2.666666 ms, and
  // after 2.666667 ms already frame 129.
  CHECK(onset_offset_frames(start + 2'666'666, start, 48000, 256) == 128);
  CHECK(onset_offset_frames(start + 2'666'667, start, 48000, 256) == 129);
}

namespace {

constexpr int kRate = 48000;
constexpr std::int64_t kFrameNs = 1'000'000'000 / kRate + 1;  // 20.8 µs, rounded up

struct Aimed {
  CueKind kind;
  std::uint64_t seq;
  std::int64_t target_ns;
};

// Every report must say where its target put it: at the frame after the target when the
// callback began before it, else (late) at the buffer's first frame.
void check_report(const CueStarted& s, const Aimed& a, int buffer) {
  INFO("cue " << a.seq);
  CHECK(s.kind == a.kind);
  CHECK(s.target_ns == a.target_ns);
  CHECK(s.offset_frames < static_cast<std::uint32_t>(buffer));
  CHECK(s.onset_ns == s.callback_ns + std::int64_t{s.offset_frames} * 1'000'000'000 / kRate);
  if (s.callback_ns < a.target_ns) {
    CHECK(s.offset_frames ==
          onset_offset_frames(a.target_ns, s.callback_ns, kRate, static_cast<std::size_t>(buffer)));
    CHECK(s.onset_ns >= a.target_ns - 1);
    CHECK(s.onset_ns < a.target_ns + kFrameNs);
  } else {
    CHECK(s.offset_frames == 0);
  }
}

}  // namespace

TEST_CASE("cues aimed half a buffer apart sound half a buffer apart in the stream",
          "[audio][disk]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  const int half = 128;
  std::vector<CueStarted> started;
  std::vector<Aimed> aimed;
  std::vector<float> heel, hips;
  int buffer = 0;
  double volume = 0.0;
  {
    CuePlayer player(disk_options(file));
    buffer = player.buffer_frames();
    volume = player.volume();
    REQUIRE(player.sample_rate_hz() == kRate);
    REQUIRE(buffer == 2 * half);
    const auto h = player.sound(CueKind::heel_strike);
    const auto p = player.sound(CueKind::hips);
    heel.assign(h.begin(), h.end());
    hips.assign(p.begin(), p.end());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // Held for longer than a buffer, SDL's device lock leaves the audio thread waiting for it:
    // its next callback begins the moment it is released, so targets 2 ms and 2 ms + half a
    // buffer after the release fall in that callback's buffer (unless the thread took over
    // 2 ms to wake, which the checks below allow for: a late cue starts at frame 0).
    // Tries until one pair shared a callback: a loaded machine may miss a try, never all.
    std::uint64_t seq = 1;
    for (int attempt = 0; attempt < 5; ++attempt) {
      SDL_LockAudioDevice(player.device_id());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const std::int64_t t0 = monotonic_ns() + 2'000'000;
      const std::int64_t t1 = t0 + std::int64_t{half} * 1'000'000'000 / kRate;
      // And one far enough ahead that it waits through many buffers, alone in the stream.
      const std::int64_t t2 = t0 + 300'000'000;
      const std::vector<Aimed> batch{{CueKind::heel_strike, seq, t0},
                                     {CueKind::hips, seq + 1, t1},
                                     {CueKind::hips, seq + 2, t2}};
      for (const Aimed& a : batch)
        REQUIRE(player.trigger(a.kind, a.seq, monotonic_ns(), a.target_ns));
      SDL_UnlockAudioDevice(player.device_id());
      const auto got = collect_started(player, 3);
      REQUIRE(got.size() == 3);
      started.insert(started.end(), got.begin(), got.end());
      aimed.insert(aimed.end(), batch.begin(), batch.end());
      seq += 3;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the last sound's tail
      // Done when the pair shared a callback that began before both targets (a thread slow to
      // wake makes the first cue late: it starts at frame 0, rightly, and the try is repeated).
      if (got[0].callback_ns == got[1].callback_ns && got[0].callback_ns < t0) break;
    }
    CHECK(player.cues_dropped() == 0);
    CHECK(player.reports_dropped() == 0);
  }

  // The reports: each where its target says, in order of target.
  REQUIRE(started.size() == aimed.size());
  for (std::size_t i = 0; i < started.size(); ++i) {
    REQUIRE(started[i].cue_seq == aimed[i].seq);
    check_report(started[i], aimed[i], buffer);
  }
  // The last try's pair shared a callback that began before both targets: half a buffer apart
  // in the stream, where before this change both began at the buffer's first frame.
  const std::size_t last = started.size() - 3;
  const CueStarted& a = started[last];
  const CueStarted& b = started[last + 1];
  const CueStarted& c = started[last + 2];
  REQUIRE(a.callback_ns == b.callback_ns);
  REQUIRE(a.callback_ns < a.target_ns);
  CHECK(b.stream_frame - a.stream_frame == static_cast<std::uint64_t>(half));
  CHECK(b.offset_frames - a.offset_frames == static_cast<std::uint32_t>(half));
  // The far one waited for its own buffer.
  CHECK(c.callback_ns > a.callback_ns);
  CHECK(c.stream_frame > a.stream_frame + 10 * static_cast<std::uint64_t>(buffer));

  // The stream: the far cue, alone, fixes where stream frame 0 is in the file (SDL writes
  // whole buffers of silence while the device is paused); then the pair must be there, sample
  // for sample: the heel sound from its frame, the hips sound mixed in from half a buffer on.
  const std::vector<float> stream = read_f32(file);
  const std::size_t lead = detection_lead(hips, volume, 1e-3f);
  const auto onsets = find_onsets(stream, 1e-3f, kRate * 80 / 1000);
  const std::size_t far_frame = c.stream_frame + lead;
  const auto far = std::find_if(onsets.begin(), onsets.end(), [&](std::size_t o) {
    return o >= far_frame && o <= far_frame + 8 * static_cast<std::size_t>(buffer);
  });
  REQUIRE(far != onsets.end());
  const auto paused =
      static_cast<std::int64_t>(*far) - static_cast<std::int64_t>(c.stream_frame + lead);
  CHECK(paused >= 0);
  CHECK(paused % buffer == 0);
  const auto g = static_cast<float>(volume);
  std::size_t mismatches = 0;
  const std::size_t from =
      static_cast<std::size_t>(static_cast<std::int64_t>(a.stream_frame) + paused);
  REQUIRE(from + heel.size() + half <= stream.size());
  for (std::size_t i = 0; i < heel.size() + half; ++i) {
    float expected = 0.0f;
    if (i < heel.size()) expected += g * heel[i];
    if (i >= static_cast<std::size_t>(half) && i - half < hips.size())
      expected += g * hips[i - half];
    expected = std::clamp(expected, -1.0f, 1.0f);
    if (std::abs(stream[from + i] - expected) > 1e-6f) ++mismatches;
  }
  CHECK(mismatches == 0);
  // Silence just before the heel sound's first frame: it did not begin at an earlier frame.
  CHECK(stream[from - 1] == 0.0f);
  std::printf(
      "pair in one callback at offsets %u and %u (frames %llu, %llu); far cue %.3f ms "
      "after its target; %zu tries\n",
      a.offset_frames, b.offset_frames, static_cast<unsigned long long>(a.stream_frame),
      static_cast<unsigned long long>(b.stream_frame),
      static_cast<double>(c.onset_ns - c.target_ns) / 1e6, started.size() / 3);
}
