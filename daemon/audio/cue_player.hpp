// The audio cue: a short sound per cue kind, started by the audio callback at the frame where
// its target time falls (a fixed latency after the contact, so the runner hears every cue the
// same time after the foot lands), or at the first frame of the next buffer when it has no
// target or its target has passed. The engine thread only pushes onto a wait-free ring
// (trigger); the SDL audio thread copies pre-rendered sounds (no allocation, no trig, no locks);
// the daemon's dispatcher learns when and where in the stream each sound began (poll_started).
// Beneath the cues the callback can tick a metronome at a step rate the engine thread sets
// through an atomic (set_metronome): each tick at its exact frame, its phase carried on when the
// rate changes.
// docs/audio.md has the sounds, the latency path and how to run it headless.
#pragma once

#include <SDL.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/cue_policy.hpp"
#include "realtime/spsc_ring.hpp"

namespace stridecue {

// What the player needs from the daemon's AudioSettings, so this library stays independent of
// the settings library.
struct CuePlayerOptions {
  std::string driver;   // SDL audio driver ("disk" headless); empty: SDL_AUDIODRIVER or SDL's pick
  std::string device;   // SDL output device name; empty: the default device
  double volume = 0.8;  // 0..1
  int sample_rate_hz = 48000;
  int buffer_frames = 256;        // frames per callback: the cue waits at most one buffer
  double cue_length_s = 0.12;     // each sound's total length (heel: beep, gap, beep)
  double metronome_volume = 0.5;  // the metronome's loudness as a share of `volume`, 0..1
  // SCHED_FIFO priority SDL's audio thread asks for at its first callback; 0: as SDL left it.
  // Above the engine's: a late callback is a late (or a broken) sound for every cue.
  int realtime_priority = 0;

  // The first field out of range, named, or nullptr.
  const char* problem() const;
};

// One sound that started: reported by the audio callback, read by the dispatcher.
struct CueStarted {
  std::uint64_t cue_seq = 0;
  CueKind kind = CueKind::heel_strike;
  std::int64_t decided_ns = 0;      // as passed to trigger()
  std::int64_t target_ns = 0;       // as passed to trigger(); 0: as soon as possible
  std::int64_t callback_ns = 0;     // steady_clock at the start of the callback that started it
  std::uint32_t offset_frames = 0;  // where in that callback's buffer the sound begins
  // The sound's first frame in host time: callback_ns + offset_frames / rate. The buffer's
  // frames are taken to leave at the callback's time, one frame period apart; the device's own
  // output latency after that (SDL2 does not report it) is a constant not included.
  std::int64_t onset_ns = 0;
  std::uint64_t stream_frame = 0;  // frames our callback wrote before this sound's first frame
};

// Where in a buffer of `frames` frames that starts at host time `buffer_ns` a sound targeted
// at `target_ns` begins: the first frame at or after the target; 0 when the target has passed;
// `frames` when it falls in a later buffer (the sound waits). Pure, for the audio thread.
std::size_t onset_offset_frames(std::int64_t target_ns, std::int64_t buffer_ns, int rate_hz,
                                std::size_t frames);

class CuePlayer {
 public:
  // Opens and starts the device. Throws std::invalid_argument for bad options and
  // std::runtime_error (with SDL_GetError()) when SDL cannot init the driver or open the device.
  explicit CuePlayer(const CuePlayerOptions& options);
  ~CuePlayer();
  CuePlayer(const CuePlayer&) = delete;
  CuePlayer& operator=(const CuePlayer&) = delete;

  // Engine thread only (one producer): wait-free, no allocation, no locks. False when the
  // pending ring is full: the cue is dropped and counted, never waited for. `target_ns`: the
  // host time (monotonic) the sound should begin at, 0 for the next buffer's first frame; a
  // target more than kMaxTargetWaitNs ahead is brought in to that.
  bool trigger(CueKind kind, std::uint64_t cue_seq, std::int64_t decided_ns,
               std::int64_t target_ns = 0);

  // Dispatcher thread only (one consumer). False when nothing new started.
  bool poll_started(CueStarted& out);

  // Any thread; takes effect from the next callback. Clamped to 0..1.
  void set_volume(double volume);
  double volume() const { return volume_.load(std::memory_order_relaxed); }
  // The SCHED_FIFO priority the audio thread runs at: 0 on the normal scheduler (not asked for,
  // or refused), -1 before the first callback.
  int audio_thread_priority() const {
    return audio_thread_priority_.load(std::memory_order_relaxed);
  }

  // The metronome: a tick every sample_rate_hz() × 60 / steps_min frames from the next
  // callback on, the first at that callback's first frame; a new rate keeps the phase (the
  // share of the beat gone by), so the beat bends rather than jumps. 0 (or anything not above
  // 0) stops it; above kMaxMetronomeStepsMin taken as that. Any thread (the engine's): one
  // atomic store, wait-free.
  void set_metronome(double steps_min);
  double metronome_steps_min() const {
    return metronome_steps_min_.load(std::memory_order_relaxed);
  }
  // Any thread; the metronome's loudness as a share of volume(), clamped to 0..1.
  void set_metronome_volume(double share);
  double metronome_volume() const { return metronome_volume_.load(std::memory_order_relaxed); }
  // Ticks begun since the device opened (any thread).
  std::uint64_t metronome_ticks() const { return metronome_ticks_.load(std::memory_order_acquire); }
  // The tick's sound at volume 1, mono float at sample_rate_hz().
  std::span<const float> metronome_click() const { return click_; }

  // What SDL actually gave.
  int sample_rate_hz() const { return obtained_rate_hz_; }
  int buffer_frames() const { return obtained_buffer_frames_; }
  const std::string& driver_name() const { return driver_name_; }
  const std::string& device_name() const { return device_name_; }  // "" = default device
  SDL_AudioDeviceID device_id() const { return device_; }

  // Frames our callback has written since the device opened.
  std::uint64_t frames_written() const { return frames_written_.load(std::memory_order_acquire); }
  // steady_clock ns at the start of the first callback; 0 before it ran.
  std::int64_t stream_start_ns() const { return stream_start_ns_.load(std::memory_order_acquire); }

  // Counters (monotonic, any thread).
  std::uint64_t cues_dropped() const { return cues_dropped_.load(std::memory_order_relaxed); }
  std::uint64_t reports_dropped() const { return reports_dropped_.load(std::memory_order_relaxed); }
  std::uint64_t voices_stolen() const { return voices_stolen_.load(std::memory_order_relaxed); }

  // The pre-rendered sound for a kind at volume 1, mono float at sample_rate_hz().
  std::span<const float> sound(CueKind kind) const;

  static constexpr std::size_t kPendingCapacity = 16;
  static constexpr std::size_t kStartedCapacity = 64;
  static constexpr std::size_t kMaxVoices = 16;
  // A target further ahead than this is a bug upstream; the sound is not held longer.
  static constexpr std::int64_t kMaxTargetWaitNs = 1'000'000'000;
  // Far above any running cadence (cue.cadence.target_steps_min ≤ 260), and ticks 10 ms long
  // stay apart up to 6000.
  static constexpr double kMaxMetronomeStepsMin = 600.0;

 private:
  struct Pending {
    std::uint64_t cue_seq = 0;
    std::int64_t decided_ns = 0;
    std::int64_t target_ns = 0;
    CueKind kind = CueKind::heel_strike;
  };
  struct Voice {
    const float* samples = nullptr;  // nullptr: free
    std::size_t length = 0;
    std::size_t position = 0;
    std::size_t delay = 0;  // frames of the current buffer before its first sample
  };

  static void SDLCALL callback(void* self, Uint8* stream, int bytes);
  void fill(float* out, std::size_t frames);
  void start_voice(const std::vector<float>& sound, std::size_t offset);
  void start_due(std::int64_t now, std::uint64_t first_frame, std::size_t frames);
  // Mixes this buffer's ticks (and the last one's tail) into out; true when it added any.
  bool mix_metronome(float* out, std::size_t frames, float gain);
  void close();

  bool sdl_audio_initialised_ = false;
  SDL_AudioDeviceID device_ = 0;
  int obtained_rate_hz_ = 0;
  int obtained_buffer_frames_ = 0;
  std::string driver_name_;
  std::string device_name_;

  std::array<std::vector<float>, kCueKindCount> sounds_;  // indexed by CueKind
  std::vector<float> click_;                              // the metronome's tick

  int realtime_priority_ = 0;                   // asked for at the first callback
  std::atomic<int> audio_thread_priority_{-1};  // what the audio thread got; -1: no callback yet
  std::atomic<double> volume_{0.8};
  std::atomic<std::uint64_t> frames_written_{0};
  std::atomic<std::int64_t> stream_start_ns_{0};
  std::atomic<std::uint64_t> cues_dropped_{0};
  std::atomic<std::uint64_t> reports_dropped_{0};
  std::atomic<std::uint64_t> voices_stolen_{0};
  std::atomic<double> metronome_steps_min_{0.0};
  std::atomic<double> metronome_volume_{0.5};
  std::atomic<std::uint64_t> metronome_ticks_{0};

  SpscRing<Pending, kPendingCapacity> pending_;
  SpscRing<CueStarted, kStartedCapacity> started_;
  // Audio thread only.
  std::array<Voice, kMaxVoices> voices_{};
  // Cues taken off the ring whose target lies in a later buffer, in the order they came.
  std::array<Pending, kPendingCapacity> waiting_{};
  std::size_t waiting_count_ = 0;
  // The metronome, audio thread only: frames from this buffer's first frame to the next tick
  // (fractional: ticks land on the frame at or after it, so the beat never drifts), the period
  // those were counted in (0: stopped), and how far into the click the last tick has played.
  double next_tick_frames_ = 0.0;
  double tick_period_frames_ = 0.0;
  std::size_t click_position_ = 0;
};

}  // namespace stridecue
